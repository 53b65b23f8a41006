/**
 * The bounded pass of the scripted LSP session (lsp-session.ts) that CI runs with the test suite:
 * 1 000 random edits and about 1 500 requests against the bundled server. The full session
 * (10 000 edits) is `npm run lsp:session`; docs/reliability.md has its figures.
 */
import { describe, expect, it } from 'vitest';
import { runSession } from './lsp-session.js';

describe('a server that never dies (bounded session)', () => {
  it('answers every request, never exits, logs no error and does not grow', async () => {
    const r = await runSession({ edits: Number(process.env.TOPO_LSP_EDITS ?? 1000), seed: 'ci' });
    expect(r.failures).toEqual([]);
    expect(r.serverAlive).toBe(true);
    expect(r.answered).toBe(r.requests);
    expect(r.requests).toBeGreaterThan(1000);
    expect(r.rssEnd).toBeLessThanOrEqual(1.5 * r.rssAfter100);
  }, 600_000);
});
