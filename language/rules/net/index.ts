import type { Rule } from '../types.js';
import { doubleEncapsulation } from './double-encapsulation.js';
import { overlaySnat } from './overlay-snat.js';
import { podCapacity } from './pod-capacity.js';
import { routerSpof } from './router-spof.js';

/** The net/* rules, one file each. */
export const netRules: readonly Rule[] = [routerSpof, overlaySnat, doubleEncapsulation, podCapacity];
