import { describe, expect, it } from 'vitest';
import { load } from './support/index.js';

/** Syntax and linking errors (the HA rules' findings are tested beside each rule). */
const errors = (r: Awaited<ReturnType<typeof load>>) =>
  r.diagnostics.filter(
    (d) => d.severity === 1 && (String(d.code).startsWith('syntax/') || d.code === 'ref/unresolved'),
  );

describe('parsing and linking', () => {
  it('reads units, CIDRs, IPs and versions as written', async () => {
    const r = await load(`region r provider openstack { zone a  zone b  rtt a b 1.25ms }
network n { kind overlay  cidr 10.0.0.0/24  zone r.a }
cluster c {
  distribution openshift 4.10
  controlPlane { replicas 3  zones r.a r.b  rootVolume 100GiB type "ssd" }
  api vip 10.0.0.5  ingress floatingIp 203.0.113.7
}
`);
    expect(errors(r)).toEqual([]);
    const c = r.model.clusters[0]!;
    expect(c.version).toBe('4.10'); // not the number 4.1
    expect(c.controlPlane.rootVolume).toEqual({ sizeGiB: 100, types: ['ssd'] });
    expect(c.api?.vips).toEqual(['10.0.0.5']);
    expect(c.ingress?.floatingIps).toEqual(['203.0.113.7']);
    expect(r.model.rttDecls.map((d) => d.ms)).toEqual([1.25]);
    expect(r.model.networks[0]!.cidr).toBe('10.0.0.0/24');
  });

  it('resolves names across the files of one folder', async () => {
    const r = await load({
      '/ws/a/regions.topo': 'topology shop\nregion dc { zone az1 zone az2 zone az3 }\n',
      '/ws/a/clusters.topo': 'cluster ocp { controlPlane { zones dc.az1 dc.az2 dc.az3  network ctrl } }\n',
      '/ws/a/networks.topo': 'network ctrl { kind stretched-l2  zones dc.az1 dc.az2 dc.az3 }\n',
    });
    expect(errors(r)).toEqual([]);
    expect(r.model.name).toBe('shop');
    expect(r.model.files).toHaveLength(3);
    expect(r.model.clusters[0]!.controlPlane.network?.name).toBe('ctrl');
  });

  it('does not resolve names from another folder (one folder is one topology)', async () => {
    const r = await load({
      '/ws/a/main.topo': 'cluster ocp { controlPlane { network ctrl } }\n',
      '/ws/b/main.topo': 'network ctrl { kind overlay }\n',
    });
    const unresolved = r.diagnostics.filter((d) => d.code === 'ref/unresolved');
    expect(unresolved.map((d) => [d.file, d.range.start.line, d.message])).toEqual([
      ['/ws/a/main.topo', 0, "Could not resolve reference to Network named 'ctrl'."],
    ]);
  });

  it('reports a syntax error on its line and still models the rest of the file', async () => {
    const r = await load(`region r { zone a zone b zone c }
netwrk typo { }
cluster c { controlPlane { replicas 3  zones r.a r.b r.c } }
app shop { clusters c  replicas 4 }
`);
    const errs = errors(r);
    expect(errs).toHaveLength(1);
    expect(errs[0]!.range.start.line).toBe(1);
    expect(errs[0]!.code).toBe('syntax/parse');
    expect(r.model.clusters.map((c) => c.name)).toEqual(['c']);
    expect(r.model.apps.map((a) => [a.name, a.replicas])).toEqual([['shop', 4]]);
  });

  it('a misspelt property inside a block keeps the blocks that follow', async () => {
    const r = await load(`region r { zone a zone b zone c }
cluster c { controlPlane { replicsa 3  zones r.a r.b r.c } }
app shop { clusters c  replicas 4 }
`);
    const errs = errors(r);
    expect(errs.map((e) => e.range.start.line)).toEqual([1]);
    expect(r.model.apps.map((a) => a.name)).toEqual(['shop']);
  });

  it('names an unresolved zone with the qualified name', async () => {
    const r = await load('region dc { zone az1 }\nnetwork n { zones dc.az1 dc.az9 }\n');
    expect(r.diagnostics.filter((d) => d.code === 'ref/unresolved').map((d) => d.message)).toEqual([
      "Could not resolve reference to Zone named 'dc.az9'.",
    ]);
  });

  it('zones resolve by short name inside their region and qualified outside', async () => {
    const r = await load('region dc { zone az1  zone az2  rtt az1 az2 2ms }\nrtt dc.az1 dc.az2 2ms\n');
    expect(errors(r)).toEqual([]);
  });

  it('reports files of one folder that name different topologies', async () => {
    const r = await load({ '/ws/a/one.topo': 'topology one\n', '/ws/a/two.topo': 'topology two\n' });
    expect(r.model.problems.map((p) => p.code)).toEqual(['model/topology-name', 'model/topology-name']);
  });

  it('accepts value words as names where they read naturally', async () => {
    const r = await load(
      'project dmz { role dmz }\nservers nfs { role nfs  count 2 }\nnetwork n in dmz { kind overlay }\n',
    );
    expect(errors(r)).toEqual([]);
    expect(r.model.networks[0]!.project?.name).toBe('dmz');
  });
});
