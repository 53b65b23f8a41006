import type { Rule } from '../types.js';
import { evenMembers } from './even-members.js';
import { hostAffinity } from './host-affinity.js';
import { memberCount } from './member-count.js';
import { singleMember } from './single-member.js';
import { unplaced } from './unplaced.js';
import { zoneLoss } from './zone-loss.js';

/** The quorum/* rules, one file each. */
export const quorumRules: readonly Rule[] = [zoneLoss, unplaced, evenMembers, memberCount, singleMember, hostAffinity];
