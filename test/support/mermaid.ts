// Mermaid itself, under a DOM shim (jsdom), to check that diagrams parse as GitHub would render them.
import { JSDOM } from 'jsdom';

type MermaidApi = { initialize(config: object): void; parse(text: string): Promise<unknown> };

let loaded: Promise<MermaidApi> | null = null;

function loadMermaid(): Promise<MermaidApi> {
  loaded ??= (async () => {
    const dom = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true });
    const globals = globalThis as Record<string, unknown>;
    globals.window = dom.window;
    globals.document = dom.window.document;
    globals.DOMParser = dom.window.DOMParser;
    globals.Element = dom.window.Element;
    const { default: mermaid } = (await import('mermaid')) as unknown as { default: MermaidApi };
    mermaid.initialize({ startOnLoad: false });
    return mermaid;
  })();
  return loaded;
}

/** Parses a diagram with Mermaid; throws Mermaid's own error when it rejects the text. */
export async function parseMermaid(source: string): Promise<{ diagramType: string }> {
  const mermaid = await loadMermaid();
  return (await mermaid.parse(source)) as { diagramType: string };
}

/** The bodies of the ```mermaid blocks of a Markdown text. */
export function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```mermaid\n([\s\S]*?)\n```$/gm)].map((m) => m[1]);
}
