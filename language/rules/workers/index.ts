import type { Rule } from '../types.js';

/** The workers/* rules, one file each. */
export const workersRules: readonly Rule<any>[] = [];
