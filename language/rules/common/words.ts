/** How rule messages and fix titles count members and failures. */

/** "1 failure", "2 failures", "0 failures". */
export function failures(n: number): string {
  return `${n} failure${n === 1 ? '' : 's'}`;
}

/** "1 member", "3 members". */
export function members(n: number): string {
  return `${n} member${n === 1 ? '' : 's'}`;
}
