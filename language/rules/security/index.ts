import type { Rule } from '../types.js';

/** The security/* rules, one file each. */
export const securityRules: readonly Rule<any>[] = [];
