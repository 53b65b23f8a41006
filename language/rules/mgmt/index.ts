import type { Rule } from '../types.js';

/** The mgmt/* rules, one file each. */
export const mgmtRules: readonly Rule<any>[] = [];
