import type { Rule } from '../types.js';

/** The etcd/* rules, one file each. */
export const etcdRules: readonly Rule<any>[] = [];
