import type { Rule } from '../types.js';
import { ingressHa } from './ingress-ha.js';
import { zoneCoverage } from './zone-coverage.js';

/** The workers/* rules, one file each. */
export const workersRules: readonly Rule[] = [zoneCoverage, ingressHa];
