import type { Func } from '../model/types.js';
import { formatQualifiedName, normalizeArguments } from './names.js';

/** How notes, messages and coverage lists name a table, view or type: `name` in public, else `schema.name`. */
export function relationName(relation: { schema: string; name: string }): string {
  return formatQualifiedName(relation.schema, relation.name);
}

/** `name(identity arguments)`, the heading that names one overload. */
export function functionSignature(func: Func): string {
  return `${relationName(func)}(${func.identityArguments})`;
}

/** The argument types alone, e.g. "uuid, timestamp with time zone": the short way to name an overload. */
export function argumentTypes(func: Func): string {
  return func.arguments
    .filter((argument) => argument.mode !== 'OUT' && argument.mode !== 'TABLE')
    .map((argument) => (argument.mode === 'VARIADIC' ? `VARIADIC ${argument.type}` : argument.type))
    .join(', ');
}

/** Whether a heading's argument list names this overload (with or without argument names). */
export function matchesArguments(func: Func, written: string): boolean {
  const wanted = normalizeArguments(written);
  return wanted === normalizeArguments(func.identityArguments) || wanted === normalizeArguments(argumentTypes(func));
}

/** Whether a heading names this function: by name alone when it has no overloads, else by its arguments too. */
export function headingMatches(func: Func, overloadCount: number, written: string | null): boolean {
  return written === null ? overloadCount === 1 : matchesArguments(func, written);
}
