import type { Rule } from '../types.js';

/** The l2/* rules, one file each. */
export const l2Rules: readonly Rule<any>[] = [];
