import type { Rule } from '../types.js';
import { zoneLoss } from './zone-loss.js';

/** The quorum/* rules, one file each. */
export const quorumRules: readonly Rule<any>[] = [zoneLoss];
