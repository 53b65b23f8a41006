import type { Rule } from '../types.js';
import { hpaRequests } from './hpa-requests.js';
import { image } from './image.js';
import { replicaSplit } from './replica-split.js';
import { singleReplica } from './single-replica.js';
import { siteLoss } from './site-loss.js';

/** The app/* rules, one file each. */
export const appRules: readonly Rule[] = [singleReplica, replicaSplit, siteLoss, image, hpaRequests];
