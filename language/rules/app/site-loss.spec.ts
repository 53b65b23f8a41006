import { describe, expect, it } from 'vitest';
import { load } from '../../../test/support/index.js';
import { survivabilityOf } from '../../analysis/survivability.js';
import { runRules } from '../engine.js';
import { siteLoss } from './site-loss.js';

/** Runs app/site-loss alone (it works whether or not the catalogue lists it). */
async function hits(text: string) {
  const { model, diagnostics } = await load(text);
  // The text parses and links (other rules' findings may be there: zone-loss, gateway-spof).
  expect(
    diagnostics.filter((d) => /Could not resolve|Expecting|unexpected character/i.test(String(d.message))),
  ).toEqual([]);
  return runRules(model, [siteLoss], {}, undefined, { survivability: survivabilityOf });
}

const sites = `site dc-east provider openstack { zone az1 zone az2 zone az3 }
site dc-west provider openstack { zone az1 zone az2 zone az3 }
rtt dc-east dc-west 38ms
`;
const cluster = (name: string, region: string) =>
  `cluster ${name} {\n  controlPlane { replicas 3  zones ${region}.az1 ${region}.az2 ${region}.az3 }\n  workers { perZone 2 }\n}\n`;

describe('app/site-loss', () => {
  it('fires for an app whose only cluster sits in one of two sites, naming the site, the cluster and the quorum figures', async () => {
    const text = `${sites}${cluster('ocp-east', 'dc-east')}${cluster('ocp-west', 'dc-west')}app billing {\n  clusters ocp-east  replicas 2\n}\n`;
    const found = await hits(text);
    expect(found.map((f) => f.message)).toEqual([
      'app billing has no replica left if dc-east fails: its only cluster ocp-east loses quorum (0 of 3 control-plane members left, majority 2)',
    ]);
    expect(found[0]!.severity).toBe('error');
    expect(found[0]!.ruleId).toBe('app/site-loss');
    expect(found[0]!.loc.range.start.line).toBe(12); // `clusters ocp-east`
    expect(found[0]!.related?.map((r) => r.message)).toEqual([
      'dc-east: its failure leaves billing with 0 of 2 replicas served',
      'ocp-east holds 2 of 2 replicas of billing',
    ]);
    expect(found[0]!.fixes).toBeUndefined();
  });

  it('does not fire for an app split over a cluster in each site', async () => {
    const text = `${sites}${cluster('ocp-east', 'dc-east')}${cluster('ocp-west', 'dc-west')}app shop { clusters ocp-east ocp-west  replicas 6 }\n`;
    expect(await hits(text)).toEqual([]);
  });

  it('names every cluster when all of them die with the site', async () => {
    const text = `${sites}${cluster('ocp-a', 'dc-east')}${cluster('ocp-b', 'dc-east')}${cluster('ocp-west', 'dc-west')}app shop { clusters ocp-a ocp-b  replicas 6 }\n`;
    expect((await hits(text)).map((f) => f.message)).toEqual([
      'app shop has no replica left if dc-east fails: ocp-a (3 replicas) loses quorum (0 of 3 control-plane members left, majority 2); ocp-b (3 replicas) loses quorum (0 of 3 control-plane members left, majority 2)',
    ]);
  });

  it('one replica over two clusters: the split puts it in the first, which dies with its site', async () => {
    const text = `${sites}${cluster('ocp-east', 'dc-east')}${cluster('ocp-west', 'dc-west')}app shop { clusters ocp-east ocp-west  replicas 1 }\n`;
    expect((await hits(text)).map((f) => f.message)).toEqual([
      'app shop has no replica left if dc-east fails: its only replica runs in ocp-east, which loses quorum (0 of 3 control-plane members left, majority 2)',
    ]);
  });

  it('fires on a zone in a one-site topology: 3 members over two zones, and nothing spreads the replicas', async () => {
    const text = `region dc provider openstack { zone az1 zone az2 zone az3 }
cluster ocp {
  controlPlane { replicas 3  zones dc.az1 dc.az2 }
  workers { perZone 1  zones dc.az1 dc.az2 dc.az3 }
}
app web { clusters ocp  replicas 2 }
`;
    const found = await hits(text);
    expect(found.map((f) => f.message)).toEqual([
      "app web has no replica left if dc.az1 fails: its only cluster ocp loses quorum (1 of 3 control-plane members left, majority 2): nothing spreads web's replicas over zones (no `spread zones`: Kubernetes spreads only as a preference), so all 2 may have run in dc.az1, and nothing reschedules them",
    ]);
    expect(found[0]!.severity).toBe('error');
    // With an even spread over the 3 worker zones, az1 held at most 1 of the 2.
    expect(found[0]!.fixes?.map((f) => f.title)).toEqual([
      'Declare spread zones: replicas spread evenly over zones (1 of 2 would keep serving if dc.az1 fails)',
    ]);
    expect(found[0]!.fixes?.[0]?.edits.map((e) => e.newText)).toEqual(['  spread zones']);
  });

  it('with spread zones the same failure leaves 1 of 2 replicas serving that nothing can heal: a warning', async () => {
    const text = `region dc provider openstack { zone az1 zone az2 zone az3 }
cluster ocp {
  controlPlane { replicas 3  zones dc.az1 dc.az2 }
  workers { perZone 1  zones dc.az1 dc.az2 dc.az3 }
}
app web { clusters ocp  replicas 2  spread zones }
`;
    const found = await hits(text);
    expect(found.map((f) => f.message)).toEqual([
      'app web keeps serving 1 of 2 replicas if dc.az1 fails, but nothing can heal or scale it: ocp loses quorum (1 of 3 control-plane members left, majority 2): 1 of 2 replicas keep running on its surviving nodes, but nothing heals, scales or reschedules them (`spread zones`: at most 1 per zone over 3 zones, dc.az1 failed)',
    ]);
    expect(found[0]!.severity).toBe('warning');
    expect(found[0]!.fixes).toBeUndefined();
    expect(found[0]!.related?.[0]?.message).toBe(
      'dc.az1: its failure leaves web with 1 of 2 replicas served, none replaced or scaled',
    );
  });

  it('spread zones keeps ceil(share/zones) per zone at most: 1 replica may still be the one in the failed zone', async () => {
    const text = `region dc provider openstack { zone az1 zone az2 zone az3 }
cluster ocp {
  controlPlane { replicas 3  zones dc.az1 dc.az2 }
  workers { perZone 1  zones dc.az1 dc.az2 dc.az3 }
}
app web { clusters ocp  replicas 1  spread zones }
`;
    const found = await hits(text);
    expect(found.map((f) => [f.severity, f.message.split(': ')[0]])).toEqual([
      ['error', 'app web has no replica left if dc.az1 fails'],
    ]);
    expect(found[0]!.fixes).toBeUndefined();
  });

  it('a zone that costs quorum but holds no worker: every replica keeps running, nothing heals them (a warning, not "no replica left")', async () => {
    const text = `region dc provider openstack { zone az1 zone az2 zone az3 }
cluster ocp {
  controlPlane { zones dc.az1: 2  dc.az2: 1 }
  workers { perZone 1  zones dc.az2 dc.az3 }
}
app web { clusters ocp  replicas 2 }
`;
    const found = await hits(text);
    expect(found.map((f) => f.message)).toEqual([
      'app web keeps serving 2 of 2 replicas if dc.az1 fails, but nothing can heal or scale it: ocp loses quorum (1 of 3 control-plane members left, majority 2): 2 of 2 replicas keep running on its surviving nodes, but nothing heals, scales or reschedules them',
    ]);
    expect(found[0]!.severity).toBe('warning');
  });

  it('lists further zones that break the app', async () => {
    const text = `region dc provider openstack { zone az1 zone az2 zone az3 }
cluster ocp {
  controlPlane { replicas 2  zones dc.az1 dc.az2 }
  workers { perZone 1  zones dc.az1 dc.az2 }
}
app web { clusters ocp  replicas 2 }
`;
    expect((await hits(text)).map((f) => f.message)).toEqual([
      "app web has no replica left if dc.az1 fails: its only cluster ocp loses quorum (1 of 2 control-plane members left, majority 2): nothing spreads web's replicas over zones (no `spread zones`: Kubernetes spreads only as a preference), so all 2 may have run in dc.az1, and nothing reschedules them; also if dc.az2 fails",
    ]);
  });

  it('ignores the loss of the only site: a one-region topology has nowhere to fail over to', async () => {
    const text = `region dc provider openstack { zone az1 zone az2 zone az3 }\n${cluster('ocp', 'dc')}app web { clusters ocp  replicas 4 }\n`;
    expect(await hits(text)).toEqual([]);
  });

  it('names the site, not its zone, when a one-zone site fails', async () => {
    const text = `site a provider openstack { zone z1 zone z2 zone z3 }
site b provider openstack { zone z1 }
cluster ca { controlPlane { replicas 3  zones a.z1 a.z2 a.z3 }  workers { perZone 1 } }
cluster cb { controlPlane { replicas 3  zone b.z1 }  workers { perZone 2 } }
app edge { clusters cb  replicas 2 }
`;
    expect((await hits(text)).map((f) => f.message)).toEqual([
      'app edge has no replica left if b fails: its only cluster cb loses quorum (0 of 3 control-plane members left, majority 2)',
    ]);
  });

  it('fires when a zone takes the only gateway of the control-plane L2: replicas run but are unreachable', async () => {
    const text = `region dc-east provider openstack { zone az1 zone az2 zone az3 }
router edge1 { zone dc-east.az1  external internet }
network ctrl { kind stretched-l2  cidr 10.20.0.0/24  zones dc-east.az1 dc-east.az2 dc-east.az3  gateway edge1 }
cluster ocp {
  controlPlane { replicas 3  zones dc-east.az1 dc-east.az2 dc-east.az3  network ctrl }
  workers { perZone 2  networks ctrl }
}
app shop { clusters ocp  replicas 4 }
`;
    expect((await hits(text)).map((f) => f.message)).toEqual([
      'app shop has no replica reachable (4 of 4 still run) if dc-east.az1 fails: its only cluster ocp is unreachable: its API and ingress VIPs (keepalived) are on ctrl, which lost every gateway (edge1)',
    ]);
  });

  it("fires when the GSLB's only backend dies with a site although the other site still runs replicas", async () => {
    const text = `${sites}${cluster('ocp-east', 'dc-east')}${cluster('ocp-west', 'dc-west')}
loadBalancer lb-east { provider f5  zones dc-east.az1 dc-east.az2  members ocp-east }
gslb gtm { provider powerdns  backends lb-east }
app shop { clusters ocp-east ocp-west  replicas 6  gslb gtm  url "shop.example.com" }
`;
    expect((await hits(text)).map((f) => f.message)).toEqual([
      'app shop has no replica reachable (3 of 6 still run) if dc-east fails: 3 replicas run in ocp-west, but gtm has no backend left for it (lb-east: all its zones fail (dc-east.az1, dc-east.az2))',
    ]);
  });

  it('is silenced by topo-ignore', async () => {
    const text = `${sites}${cluster('ocp-east', 'dc-east')}${cluster('ocp-west', 'dc-west')}app billing {\n  // topo-ignore app/site-loss: batch job, may wait for dc-east\n  clusters ocp-east  replicas 2\n}\n`;
    expect(await hits(text)).toEqual([]);
  });
});
