import type { Rule } from '../types.js';

/** The net/* rules, one file each. */
export const netRules: readonly Rule<any>[] = [];
