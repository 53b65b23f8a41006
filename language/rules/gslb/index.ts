import type { Rule } from '../types.js';
import { missing } from './missing.js';
import { readinessMismatch } from './readiness-mismatch.js';
import { singleBackend } from './single-backend.js';
import { singleCheck } from './single-check.js';

/** The gslb/* rules, one file each. */
export const gslbRules: readonly Rule[] = [missing, singleCheck, readinessMismatch, singleBackend];
