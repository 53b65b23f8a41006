import type { Rule } from '../types.js';

/** The gslb/* rules, one file each. */
export const gslbRules: readonly Rule<any>[] = [];
