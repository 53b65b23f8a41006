/**
 * The rule catalogue: one file per rule, grouped by prefix; each group's index lists its files.
 * The docs (docs/rules.md) are generated from this list.
 */
import { appRules } from './app/index.js';
import { etcdRules } from './etcd/index.js';
import { gslbRules } from './gslb/index.js';
import { l2Rules } from './l2/index.js';
import { mgmtRules } from './mgmt/index.js';
import { netRules } from './net/index.js';
import { quorumRules } from './quorum/index.js';
import { refRules } from './ref/index.js';
import { securityRules } from './security/index.js';
import { serversRules } from './servers/index.js';
import { storageRules } from './storage/index.js';
import type { Rule } from './types.js';
import { workersRules } from './workers/index.js';

export const catalogue: readonly Rule[] = [
  ...quorumRules,
  ...etcdRules,
  ...l2Rules,
  ...netRules,
  ...workersRules,
  ...serversRules,
  ...appRules,
  ...gslbRules,
  ...storageRules,
  ...mgmtRules,
  ...securityRules,
  ...refRules,
];
