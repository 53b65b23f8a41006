import type { Rule } from '../types.js';
import { crossSite } from './cross-site.js';
import { latency } from './latency.js';
import { profile } from './profile.js';
import { timing } from './timing.js';

/** The etcd/* rules, one file each. */
export const etcdRules: readonly Rule[] = [latency, timing, profile, crossSite];
