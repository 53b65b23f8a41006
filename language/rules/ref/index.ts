import type { Rule } from '../types.js';
import { undeclaredRtt } from './undeclared-rtt.js';

/** The ref/* rules, one file each. */
export const refRules: readonly Rule[] = [undeclaredRtt];
