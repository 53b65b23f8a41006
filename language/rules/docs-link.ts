/** Where a rule's documentation lives: its section of docs/rules.md. */
export const RULES_DOC_URL = 'https://github.com/topo-dev/topo/blob/main/docs/rules.md';

/** GitHub's heading anchor for a rule id: `quorum/zone-loss` → `quorumzone-loss`. */
export function ruleAnchor(ruleId: string): string {
  return ruleId
    .toLowerCase()
    .replace(/[^a-z0-9 _-]/g, '')
    .replace(/ /g, '-');
}

export function ruleDocUrl(ruleId: string, base: string = RULES_DOC_URL): string {
  return `${base}#${ruleAnchor(ruleId)}`;
}
