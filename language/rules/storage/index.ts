import type { Rule } from '../types.js';

/** The storage/* rules, one file each. */
export const storageRules: readonly Rule<any>[] = [];
