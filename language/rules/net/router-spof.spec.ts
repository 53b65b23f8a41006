import { describe, expect, it } from 'vitest';
import { applyEdits, dc3, errorsOf, findingsOf, load } from '../../../test/support/index.js';

const rule = 'net/router-spof';
const topo = (router: string, netZones = 'dc.az1 dc.az2') =>
  `${dc3}${router}\nnetwork n1 { kind overlay  cidr 10.0.0.0/24  zones ${netZones}  gateway r1 }\n`;
const messages = async (text: string) => (await findingsOf(rule, text)).hits.map((h) => `${h.severity}: ${h.message}`);

describe('net/router-spof', () => {
  it('fires for a plain router serving two zones through the network it is the gateway of', async () => {
    expect(await messages(topo('router r1 { zone dc.az1 }'))).toEqual([
      'warning: router r1 serves 2 zones, dc.az1, dc.az2 (its zones and network n1), but is neither ha nor distributed: one L3 agent routes for all of them, so losing its node or zone cuts them all off',
    ]);
  });

  it('does not fire for a router serving one zone (the boundary)', async () => {
    expect(await messages(topo('router r1 { zone dc.az1 }', 'dc.az1'))).toEqual([]);
  });

  it('does not fire for an ha or a distributed router', async () => {
    expect(await messages(topo('router r1 { ha  zone dc.az1 }', 'dc.az1 dc.az2 dc.az3'))).toEqual([]);
    expect(await messages(topo('router r1 { distributed  zone dc.az1 }', 'dc.az1 dc.az2 dc.az3'))).toEqual([]);
  });

  it("counts the router's own zones and its interfaces' networks", async () => {
    expect(await messages(`${dc3}router r2 { zones dc.az1 dc.az3 }\n`)).toEqual([
      'warning: router r2 serves 2 zones, dc.az1, dc.az3, but is neither ha nor distributed: one L3 agent routes for all of them, so losing its node or zone cuts them all off',
    ]);
    const viaInterfaces = `${dc3}network a { kind overlay  zone dc.az1 }\nnetwork b { kind overlay  zone dc.az2 }\nrouter r3 { interfaces a b }\n`;
    expect(await messages(viaInterfaces)).toEqual([
      'warning: router r3 serves 2 zones, dc.az1, dc.az2 (networks a, b), but is neither ha nor distributed: one L3 agent routes for all of them, so losing its node or zone cuts them all off',
    ]);
  });

  it('quick fix adds ha, inline in a one-line router and on its own line in a multi-line one', async () => {
    for (const [router, expected] of [
      ['router r1 { zone dc.az1 }', 'router r1 { zone dc.az1  ha }'],
      [
        'router r1 {\n  zone dc.az1\n  external internet\n}',
        'router r1 {\n  zone dc.az1\n  external internet\n  ha\n}',
      ],
    ] as const) {
      const text = topo(router);
      const fix = (await findingsOf(rule, text)).hits[0]!.fixes![0]!;
      expect(fix.title).toBe('Make r1 an HA router (VRRP)');
      const fixed = applyEdits(text, fix.edits);
      expect(fixed).toContain(expected);
      const after = await load(fixed);
      expect(errorsOf(after.diagnostics)).toEqual([]);
      expect(after.findings.filter((f) => f.ruleId === rule)).toEqual([]);
    }
  });
});
