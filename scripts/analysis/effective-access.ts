// Policies that can never pass for a role: Supabase's API roles run with the claims of the request's
// JWT, and some conditions cannot hold under them. `anon` requests carry no user: auth.uid(),
// auth.email() and the `sub` and `email` claims are null, and a comparison with null is never true.
// The `role` claim of a request is its role's name, so a condition on another role claim fails.
//
// Only what can be proven from the expression's shape counts: a comparison (=, <>, <, >, ...) with
// one of those values, `x IN (SELECT f())` where f is a SQL function whose only query is filtered
// that way, conjunctions with one such part, disjunctions whose every part is one. Anything else
// (IS NULL, COALESCE, CASE, other functions) is left to the policy.
import type { Catalog, Func } from '../model/types.ts';
import { nameKey } from '../model/lookup.ts';
import { stripCommentsAndLiterals } from '../model/sql-text.ts';

/** The roles whose requests have known claims: Supabase's API roles. */
const CLAIM_ROLES = new Set(['anon', 'authenticated']);

const UID_CALL = String.raw`auth\.(?:uid|email)\(\)`;
const USER_CLAIM = String.raw`\(?\s*auth\.jwt\(\)\s*->>\s*'(?:sub|email)'(?:::text)?\s*\)?`;
/** A value that is null without a signed-in user, with casts and a (SELECT ... AS x) wrapper allowed. */
const USER_VALUE = new RegExp(
  String.raw`^\(*\s*(?:\(\s*SELECT\s+)?(?:${UID_CALL}|${USER_CLAIM})(?:::\w+)*(?:\s+AS\s+\w+)?\s*\)*(?:::\w+)*\s*\)*$`,
  'i',
);
const ROLE_VALUE = new RegExp(
  String.raw`^\(*\s*(?:\(\s*SELECT\s+)?(?:auth\.role\(\)|\(?\s*auth\.jwt\(\)\s*->>\s*'role'(?:::text)?\s*\)?)(?:::\w+)*(?:\s+AS\s+\w+)?\s*\)*$`,
  'i',
);
const TEXT_LITERAL = /^\(*\s*'((?:[^']|'')*)'(?:::\w+)*\s*\)*$/;

export class ClaimRules {
  private readonly functions = new Map<string, Func[]>();

  constructor(catalog: Catalog) {
    for (const func of catalog.functions) this.functions.set(nameKey(func), [...(this.functions.get(nameKey(func)) ?? []), func]);
  }

  /** Why `expression` can never be true for requests as `role`, or null when it may be. */
  neverPasses(expression: string | null, role: string): string | null {
    if (expression === null || !CLAIM_ROLES.has(role)) return null;
    return this.never(expression, role, 0);
  }

  private never(expression: string, role: string, depth: number): string | null {
    if (depth > 8) return null;
    const text = unwrap(expression);
    const disjuncts = splitTopLevel(text, 'OR');
    if (disjuncts.length > 1) {
      const reasons = disjuncts.map((part) => this.never(part, role, depth + 1));
      if (reasons.some((reason) => reason === null)) return null;
      return [...new Set(reasons)].join('; ');
    }
    const conjuncts = splitTopLevel(text, 'AND');
    if (conjuncts.length > 1) {
      for (const part of conjuncts) {
        const reason = this.never(part, role, depth + 1);
        if (reason !== null) return reason;
      }
      return null;
    }
    return this.atom(text, role, depth);
  }

  private atom(text: string, role: string, depth: number): string | null {
    const inSelect = /^(.*?)\s+IN\s+\(\s*SELECT\s+([a-z_][a-z0-9_$]*)\.([a-z_][a-z0-9_$]*)\(\)(?:\s+AS\s+\w+)?\s*\)$/is.exec(text);
    if (inSelect) return this.emptyFunction(inSelect[2], inSelect[3], role, depth);
    const comparison = topLevelComparison(text);
    if (!comparison || /\bIS\b|\bCOALESCE\b|\bCASE\b/i.test(text)) return null;
    const { left, operator, right } = comparison;
    for (const [side, other] of [
      [left, right],
      [right, left],
    ]) {
      if (role === 'anon' && USER_VALUE.test(side.trim())) {
        return `it compares with ${side.includes('email') ? 'the user’s e-mail' : 'auth.uid()'}, which is null for anon (no user is signed in)`;
      }
      const literal = TEXT_LITERAL.exec(other.trim());
      if (ROLE_VALUE.test(side.trim()) && literal && literal[1] !== role && operator === '=') {
        return `it needs the role claim '${literal[1]}', which ${role} requests never carry`;
      }
    }
    return null;
  }

  /** A SQL function of no arguments whose one query is filtered by a condition that never passes returns no row. */
  private emptyFunction(schema: string, name: string, role: string, depth: number): string | null {
    const overloads = (this.functions.get(nameKey({ schema, name })) ?? []).filter((func) => func.identityArguments === '');
    if (overloads.length !== 1 || overloads[0].language !== 'sql') return null;
    const body = stripCommentsAndLiterals(overloads[0].body).trim().replace(/;\s*$/, '');
    if (body.includes(';') || /\b(UNION|INTERSECT|EXCEPT|WITH)\b/i.test(body) || !/^SELECT\b/i.test(body)) return null;
    const where = /\bWHERE\b([\s\S]*?)(?:\bGROUP\s+BY\b|\bORDER\s+BY\b|\bLIMIT\b|\bHAVING\b|$)/i.exec(body);
    if (!where) return null;
    // Literals were emptied: the role-claim test cannot be read from this text, the user test can.
    const reason = this.never(where[1], role, depth + 1);
    if (reason === null) return null;
    return `it needs a row of ${schema}.${name}(), which returns none for ${role}: ${reason.replace(/^it /, 'its query ')}`;
  }
}

/** Each character outside string literals, with the parenthesis depth once it is read. */
function* outsideLiterals(text: string, from = 0): Generator<{ i: number; ch: string; depth: number }> {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'") {
      i++;
      while (i < text.length && !(text[i] === "'" && text[i + 1] !== "'")) i += text[i] === "'" ? 2 : 1;
      continue;
    }
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    yield { i, ch, depth };
  }
}

/** `left op right` for the one comparison operator outside parentheses and literals (not -> or ->>). */
function topLevelComparison(text: string): { left: string; operator: string; right: string } | null {
  for (const { i, ch, depth } of outsideLiterals(text)) {
    if (depth !== 0 || !/[=<>!]/.test(ch)) continue;
    if (ch === '>' && (text[i - 1] === '-' || text[i - 1] === '>')) continue;
    const match = /^(<>|!=|<=|>=|=|<|>)(?![=<>@~&|^#!])/.exec(text.slice(i));
    // Another operator (@>, <<, ~, ...): not a comparison this can judge.
    if (!match || /[@~&|#^]/.test(text[i - 1] ?? '')) return null;
    const operator = match[0];
    return { left: text.slice(0, i).trim(), operator, right: text.slice(i + operator.length).trim() };
  }
  return null;
}

/** The expression without parentheses that enclose all of it. */
function unwrap(expression: string): string {
  let text = expression.trim();
  while (text.startsWith('(') && closingParenthesis(text, 0) === text.length - 1) text = text.slice(1, -1).trim();
  return text;
}

function closingParenthesis(text: string, open: number): number {
  for (const { i, ch, depth } of outsideLiterals(text, open)) if (ch === ')' && depth === 0) return i;
  return -1;
}

/** Splits at top-level AND or OR keywords (outside parentheses and string literals); BETWEEN a AND b keeps its AND. */
function splitTopLevel(text: string, keyword: 'AND' | 'OR'): string[] {
  const parts: string[] = [];
  let start = 0;
  const pattern = new RegExp(String.raw`^\s${keyword}\s`, 'i');
  for (const { i, ch, depth } of outsideLiterals(text)) {
    if (depth !== 0 || !/\s/.test(ch) || i < start || !pattern.test(text.slice(i, i + keyword.length + 2))) continue;
    const part = text.slice(start, i);
    if (keyword === 'AND' && /\bBETWEEN\b(?![\s\S]*\bAND\b)/i.test(part)) continue;
    parts.push(part);
    start = i + keyword.length + 1;
  }
  parts.push(text.slice(start));
  return parts.map((part) => part.trim()).filter((part) => part !== '');
}
