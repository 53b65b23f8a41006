import type { Rule } from '../types.js';
import { replicaSplit } from './replica-split.js';
import { singleReplica } from './single-replica.js';

/** The app/* rules, one file each (app/site-loss comes with the failure analysis). */
export const appRules: readonly Rule<any>[] = [singleReplica, replicaSplit];
