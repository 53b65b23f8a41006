import type { Rule } from '../types.js';
import { bypassDmz } from './bypass-dmz.js';
import { inlineSecret } from './inline-secret.js';
import { sharedNat } from './shared-nat.js';

/** The security/* rules, one file each. */
export const securityRules: readonly Rule[] = [sharedNat, bypassDmz, inlineSecret];
