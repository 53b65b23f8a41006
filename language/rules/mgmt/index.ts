import type { Rule } from '../types.js';
import { hostSpread } from './host-spread.js';
import { selfHosted } from './self-hosted.js';

/** The mgmt/* rules, one file each. */
export const mgmtRules: readonly Rule[] = [selfHosted, hostSpread];
