import type { Rule } from '../types.js';

/** The app/* rules, one file each. */
export const appRules: readonly Rule<any>[] = [];
