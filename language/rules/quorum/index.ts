import type { Rule } from '../types.js';
import { evenMembers } from './even-members.js';
import { memberCount } from './member-count.js';
import { singleMember } from './single-member.js';
import { zoneLoss } from './zone-loss.js';

/** The quorum/* rules, one file each. */
export const quorumRules: readonly Rule<any>[] = [zoneLoss, evenMembers, memberCount, singleMember];
