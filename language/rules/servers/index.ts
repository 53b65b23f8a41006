import type { Rule } from '../types.js';
import { singleInstance } from './single-instance.js';

/** The servers/* rules (VM groups), one file each. */
export const serversRules: readonly Rule[] = [singleInstance];
