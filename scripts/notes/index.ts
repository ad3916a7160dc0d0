// The notes stage: handwritten Markdown from notes/ merged into the catalog model.
export { coverageMarkdownSection, noteCoverage, formatCoverage, type CoverageKind, type CoverageRow } from './coverage.js';
export { stripDirectives } from './directives.js';
export { stripCommentDirectives } from './comments.js';
export { NotesError, formatProblems, type NoteProblem } from './errors.js';
export { mergeNotes } from './merge.js';
export type * from './note-set.js';
export { readNotes } from './read.js';
export { scaffoldNotes, type ScaffoldResult } from './scaffold.js';
