import type { Rule } from '../types.js';

/** The ref/* rules, one file each. */
export const refRules: readonly Rule<any>[] = [];
