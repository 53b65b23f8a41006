import { describe, expect, it } from 'vitest';
import { applyEdits, errorsOf, findingsOf, load } from '../../../test/support/index.js';

const rule = 'security/shared-nat';
const WHY = "by design shared-services subnets have neither SNAT nor DNAT; reach outside through the DMZ's proxy";
const projects = (sharedNat = 'none') =>
  `project dmz { role dmz }\nproject shared { role shared-services  nat ${sharedNat} }\nproject dept { role department  nat snat }\n`;
const messages = async (text: string) => (await findingsOf(rule, text)).hits.map((h) => `${h.severity}: ${h.message}`);

async function expectFixed(text: string, expected: string) {
  const fix = (await findingsOf(rule, text)).hits[0]!.fixes![0]!;
  const fixed = applyEdits(text, fix.edits);
  expect(fixed).toContain(expected);
  const after = await load(fixed);
  expect(errorsOf(after.diagnostics)).toEqual([]);
  expect(after.findings.filter((f) => f.ruleId === rule)).toEqual([]);
}

describe('security/shared-nat', () => {
  it('fires for NAT on the shared-services project, not on a department project nor with nat none', async () => {
    expect(await messages(projects('snat dnat'))).toEqual([
      `warning: project shared is shared-services but declares nat snat dnat: ${WHY}`,
    ]);
    expect(await messages(projects('none'))).toEqual([]);
  });

  it('fires for NAT on a network of the shared-services project, not on one of another project', async () => {
    const nets = `network git-net in shared { kind overlay  cidr 10.0.0.0/24  nat dnat }\nnetwork dept-net in dept { kind overlay  cidr 10.0.1.0/24  nat dnat }\n`;
    expect(await messages(projects() + nets)).toEqual([
      `warning: network git-net of shared-services project shared declares nat dnat: ${WHY}`,
    ]);
  });

  it('fires for a router that source-NATs a shared-services network, by default or explicitly, not with snat off or no external gateway', async () => {
    const nets = `network git-net in shared { kind overlay  cidr 10.0.0.0/24  gateway r1 }\n`;
    expect(await messages(projects() + nets + 'router r1 { external internet }\n')).toEqual([
      `warning: router r1 source-NATs shared-services network git-net to internet (snat is on by default with an external gateway): ${WHY}`,
    ]);
    expect(await messages(projects() + nets + 'router r1 { external "corp-wan"  snat on }\n')).toEqual([
      `warning: router r1 source-NATs shared-services network git-net to corp-wan: ${WHY}`,
    ]);
    expect(await messages(projects() + nets + 'router r1 { external internet  snat off }\n')).toEqual([]);
    expect(await messages(projects() + nets + 'router r1 { }\n')).toEqual([]);
  });

  it('fires for servers with floating IPs (DNAT) on a shared-services network', async () => {
    const text =
      projects() +
      `network git-net in shared { kind overlay  cidr 10.0.0.0/24 }\nservers git { count 2  network git-net  floatingIps }\n`;
    expect(await messages(text)).toEqual([
      `warning: servers git have floating IPs (DNAT) on shared-services network git-net: ${WHY}`,
    ]);
    expect(await messages(text.replace('  floatingIps', ''))).toEqual([]);
  });

  it('quick fixes: nat none on the project and the network, snat off on the router', async () => {
    await expectFixed(projects('snat'), 'project shared { role shared-services  nat none }');
    await expectFixed(
      projects() + 'network git-net in shared {\n  kind overlay\n  nat snat dnat\n}\n',
      'network git-net in shared {\n  kind overlay\n  nat none\n}',
    );
    const nets = `network git-net in shared { kind overlay  cidr 10.0.0.0/24  gateway r1 }\n`;
    await expectFixed(
      projects() + nets + 'router r1 {\n  external internet\n}\n',
      'router r1 {\n  external internet\n  snat off\n}',
    );
    await expectFixed(
      projects() + nets + 'router r1 { external internet  snat on }\n',
      'router r1 { external internet  snat off }',
    );
  });
});
