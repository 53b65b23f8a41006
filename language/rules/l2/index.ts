import type { Rule } from '../types.js';
import { gatewaySpof } from './gateway-spof.js';
import { sharedSegment } from './shared-segment.js';
import { vrrpCollision } from './vrrp-collision.js';

/** The l2/* rules, one file each. */
export const l2Rules: readonly Rule[] = [gatewaySpof, vrrpCollision, sharedSegment];
