/** Small list helpers the model builder, the rules and the analysis share. */

/** The items without repeats, first occurrences in order (a set only for long lists: most are one to three items). */
export function unique<T>(items: readonly T[]): T[] {
  if (items.length > 8) return [...new Set(items)];
  const out: T[] = [];
  for (const x of items) if (!out.includes(x)) out.push(x);
  return out;
}

/** For `filter`: drops `undefined` and `null`, and says so to the type checker. */
export function isDefined<T>(x: T | undefined | null): x is T {
  return x !== undefined && x !== null;
}
