import type { Rule } from '../types.js';
import { noDr } from './no-dr.js';
import { syncDistance } from './sync-distance.js';

/** The storage/* rules, one file each. */
export const storageRules: readonly Rule[] = [noDr, syncDistance];
