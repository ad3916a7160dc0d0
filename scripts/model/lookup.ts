// Keys and groupings the stages use to find objects of the model by name.

/** A key for an object's schema-qualified name that no other name shares: a Postgres name cannot hold NUL. */
export function nameKey(object: { schema: string; name: string }): string {
  return `${object.schema}\u0000${object.name}`;
}

/** A function (identityArguments) or a reference to one (FunctionRef: arguments). */
export type FunctionLike = { schema: string; name: string; identityArguments: string } | { schema: string; name: string; arguments: string };

/** A key for one function signature: overloads differ by their identity arguments. */
export const functionKey = (f: FunctionLike): string => `${f.schema}\u0000${f.name}\u0000${'identityArguments' in f ? f.identityArguments : f.arguments}`;

/** `items` grouped by `keyOf`: the groups in the order their first item appears, each in the order of `items`. */
export function groupBy<T, K>(items: Iterable<T>, keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [item]);
    else group.push(item);
  }
  return groups;
}
