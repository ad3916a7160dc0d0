// Where a pipeline run spent its time, from the CPU profiles node writes with --cpu-prof (one per
// thread: the main thread and the DBML validator's worker). Each sample is charged to the stage of
// the nearest frame on its stack that belongs to the project or to a known dependency, so time in
// regular expressions, JSON and other built-ins counts for the code that called them. Read from
// the profile rather than by timing calls, so it follows generate() as it is, whatever it calls.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Stages in the order the report lists them. */
export const PROFILE_STAGES = [
  'module loading',
  'read schema: catalog queries',
  'read schema: embedded engine',
  'notes',
  'changelog',
  'secret scan',
  'lint',
  'render DBML',
  'validate DBML (@dbml)',
  'render Markdown',
  'render JSON',
  'write files',
  'other',
  'garbage collection',
] as const;
export type ProfileStage = (typeof PROFILE_STAGES)[number];

const PROJECT_STAGES: [RegExp, ProfileStage][] = [
  [/\/scripts\/(catalog\/|source\/live\.ts)/, 'read schema: catalog queries'],
  [/\/scripts\/source\//, 'read schema: embedded engine'],
  [/\/scripts\/notes\//, 'notes'],
  [/\/scripts\/changelog\//, 'changelog'],
  [/\/scripts\/secrets\//, 'secret scan'],
  [/\/scripts\/lint\//, 'lint'],
  [/\/scripts\/render\/dbml\/validate/, 'validate DBML (@dbml)'],
  [/\/scripts\/render\/dbml\//, 'render DBML'],
  [/\/scripts\/render\/markdown\//, 'render Markdown'],
  [/\/scripts\/render\/json\.ts/, 'render JSON'],
  [/\/scripts\/output\//, 'write files'],
  [/\/scripts\//, 'other'],
];

const DEPENDENCY_STAGES: [RegExp, ProfileStage][] = [
  [/\/node_modules\/@dbml\//, 'validate DBML (@dbml)'],
  // Only PGlite reads a Blob here: the saved engine's data directory.
  [/\/node_modules\/@electric-sql\/|^wasm:\/\/|^node:internal\/blob$/, 'read schema: embedded engine'],
  [/\/node_modules\/(pg|pg-[\w-]+|pgpass)\//, 'read schema: catalog queries'],
  [/\/node_modules\/(tsx|esbuild|get-tsconfig)\/|^node:internal\/modules\//, 'module loading'],
];

function stageOfFrame(url: string): ProfileStage | null {
  if (!url) return null;
  for (const [pattern, stage] of DEPENDENCY_STAGES) if (pattern.test(url)) return stage;
  if (url.includes('/node_modules/')) return null;
  for (const [pattern, stage] of PROJECT_STAGES) if (pattern.test(url)) return stage;
  return null;
}

export interface ProfileBreakdown {
  /** Sampled milliseconds per stage, over every thread (so they can add up to more than the wall time). */
  stages: Partial<Record<ProfileStage, number>>;
  threads: number;
}

/**
 * A thread that exists for one stage: the DBML validator's worker (its module loading and garbage
 * collection are the validation's cost) and the thread that runs tsx's module hooks.
 */
function threadStage(profile: CpuProfile): ProfileStage | null {
  if (profile.nodes.some((node) => /\/scripts\/render\/dbml\/validate-worker/.test(node.callFrame.url))) return 'validate DBML (@dbml)';
  if (profile.nodes.some((node) => node.callFrame.url === 'node:internal/modules/esm/worker')) return 'module loading';
  return null;
}

/** Charges every non-idle sample of every profile to a stage. */
export function attributeProfiles(profiles: CpuProfile[]): ProfileBreakdown {
  const stages: Partial<Record<ProfileStage, number>> = {};
  for (const profile of profiles) {
    const wholeThread = threadStage(profile);
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    const parentOf = new Map<number, number>();
    for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
    const stageOfNode = new Map<number, ProfileStage | 'idle'>();
    const ownStage = (node: ProfileNode): ProfileStage | 'idle' | null => {
      const name = node.callFrame.functionName;
      if (name === '(idle)') return 'idle';
      if (name === '(garbage collector)') return 'garbage collection';
      return stageOfFrame(node.callFrame.url);
    };
    // Walks up to the nearest frame with a stage, then remembers it for every frame on the way.
    const resolve = (id: number): ProfileStage | 'idle' => {
      const unresolved: number[] = [];
      let current: number | undefined = id;
      let stage: ProfileStage | 'idle' = 'other';
      while (current !== undefined) {
        const known = stageOfNode.get(current) ?? ownStage(byId.get(current)!);
        if (known) {
          stage = known;
          break;
        }
        unresolved.push(current);
        current = parentOf.get(current);
      }
      for (const node of unresolved) stageOfNode.set(node, stage);
      stageOfNode.set(id, stage);
      return stage;
    };
    profile.samples.forEach((id, i) => {
      const resolved = resolve(id);
      if (resolved === 'idle') return;
      const stage = wholeThread ?? resolved;
      stages[stage] = (stages[stage] ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000;
    });
  }
  for (const stage of Object.keys(stages) as ProfileStage[]) stages[stage] = Math.round(stages[stage]!);
  return { stages, threads: profiles.length };
}

/** Reads every .cpuprofile node wrote into `dir` and attributes them. */
export async function attributeProfileDir(dir: string): Promise<ProfileBreakdown> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.cpuprofile')).sort();
  const profiles: CpuProfile[] = [];
  for (const file of files) profiles.push(JSON.parse(await readFile(path.join(dir, file), 'utf8')) as CpuProfile);
  return attributeProfiles(profiles);
}
