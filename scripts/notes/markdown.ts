// Just enough Markdown to find the headings that structure a notes file: ATX headings outside
// fenced code blocks. Everything else is note text and is kept byte for byte.

export interface SourceLine {
  /** 1-based line number in the file. */
  number: number;
  text: string;
  /** Inside a fenced code block (the fence lines included): never a heading, never a marker. */
  inFence: boolean;
  /** Set for an ATX heading (`# title` ... `###### title`) outside code blocks. */
  heading: { level: number; text: string } | null;
}

export interface ScanProblem {
  line: number;
  message: string;
}

/** The line a scaffold writes under a heading that still needs a note. It is never shown. */
export const TODO_MARKER = 'TODO';

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t](.*))?$/;
const HASHES_WITHOUT_SPACE = /^ {0,3}#{1,6}[^#\s]/;

export function splitLines(source: string): string[] {
  const text = source.startsWith('\uFEFF') ? source.slice(1) : source;
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export function scanMarkdown(source: string): { lines: SourceLine[]; problems: ScanProblem[] } {
  const problems: ScanProblem[] = [];
  const lines: SourceLine[] = [];
  let fence: { marker: string; line: number } | null = null;
  splitLines(source).forEach((text, index) => {
    const number = index + 1;
    if (fence !== null) {
      if (closesFence(text, fence.marker)) fence = null;
      lines.push({ number, text, inFence: true, heading: null });
      return;
    }
    const opening = FENCE_OPEN.exec(text);
    if (opening !== null && !(opening[1].startsWith('`') && opening[2].includes('`'))) {
      fence = { marker: opening[1], line: number };
      lines.push({ number, text, inFence: true, heading: null });
      return;
    }
    const heading = HEADING.exec(text);
    if (heading !== null) {
      const content = (heading[2] ?? '').trim().replace(/(^|[ \t])#+$/, '').trim();
      lines.push({ number, text, inFence: false, heading: { level: heading[1].length, text: content } });
      return;
    }
    if (HASHES_WITHOUT_SPACE.test(text)) {
      problems.push({ line: number, message: 'a heading needs a space after its "#" marks' });
    }
    lines.push({ number, text, inFence: false, heading: null });
  });
  if (fence !== null) {
    const open: { marker: string; line: number } = fence;
    problems.push({ line: open.line, message: `the code block opened here with ${open.marker} is never closed` });
  }
  return { lines, problems };
}

function closesFence(text: string, marker: string): boolean {
  const match = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(text);
  return match !== null && match[1][0] === marker[0] && match[1].length >= marker.length;
}

export interface HeadingBlock {
  /** The heading line, or null for the lines before the first heading. */
  heading: SourceLine | null;
  level: number;
  body: SourceLine[];
}

/**
 * Splits lines at headings of the given levels (others stay in the body), e.g. [1, 2] for a table
 * file whose `###` headings belong to the note they appear in.
 */
export function splitAtHeadings(lines: SourceLine[], levels: number[]): HeadingBlock[] {
  const blocks: HeadingBlock[] = [{ heading: null, level: 0, body: [] }];
  for (const line of lines) {
    if (line.heading !== null && levels.includes(line.heading.level)) {
      blocks.push({ heading: line, level: line.heading.level, body: [] });
    } else {
      blocks[blocks.length - 1].body.push(line);
    }
  }
  return blocks;
}

/** A note's text: its lines without scaffold markers or surrounding blank lines; null when nothing is left. */
export function noteText(body: SourceLine[]): string | null {
  const kept = body.filter((line) => line.inFence || line.text.trim() !== TODO_MARKER).map((line) => line.text);
  while (kept.length > 0 && kept[0].trim() === '') kept.shift();
  while (kept.length > 0 && kept[kept.length - 1].trim() === '') kept.pop();
  return kept.length === 0 ? null : kept.join('\n');
}

export function firstNonBlank(body: SourceLine[]): SourceLine | undefined {
  return body.find((line) => line.text.trim() !== '');
}
