/**
 * Topologies the specs build on: well-formed regions, sites and clusters (every RTT declared, one
 * control-plane member a zone), so that a spec's topology trips only the rule or analysis under
 * test, and a fixed file has no error diagnostics.
 */

/** Region `name` with zones az1..az(n), every pair `ms` apart unless `rtts` overrides a pair ("az1 az3": "38ms"). */
export function region(name = 'dc', zones = 3, ms = '1ms', rtts: Record<string, string> = {}): string {
  const ids = Array.from({ length: zones }, (_, i) => `az${i + 1}`);
  const lines = ids.flatMap((a, i) => ids.slice(i + 1).map((b) => `rtt ${a} ${b} ${rtts[`${a} ${b}`] ?? ms}`));
  return `region ${name} provider openstack { ${ids.map((z) => `zone ${z}`).join(' ')}  ${lines.join('  ')} }\n`;
}

/** `cluster NAME { ... }` with the given lines. */
export function cluster(name: string, ...lines: string[]): string {
  return `cluster ${name} {\n${lines.map((l) => `  ${l}\n`).join('')}}\n`;
}

/** Region dc with zones az1..az3, 1 ms apart, on one line: the l2, net and quorum/zone-loss specs' region. */
export const dc3 =
  'region dc provider openstack { zone az1 zone az2 zone az3 rtt az1 az2 1ms rtt az2 az3 1ms rtt az1 az3 1ms }\n';

/** Region `name` with zones az1..az3, `zoneRtt` apart (a site of the app, gslb and storage specs). */
export function site(name: string, zoneRtt = '1ms'): string {
  return `region ${name} provider openstack { zone az1 zone az2 zone az3  rtt az1 az2 ${zoneRtt}  rtt az2 az3 ${zoneRtt}  rtt az1 az3 ${zoneRtt} }\n`;
}

/** An OpenShift cluster with one control-plane member and two workers in each zone of `site`. */
export function siteCluster(name: string, site: string): string {
  return cluster(name, `controlPlane { zones ${site}.az1 ${site}.az2 ${site}.az3 }`, 'workers { perZone 2 }');
}

/** Sites east and west `rtt` apart, with clusters ocp-east and ocp-west. */
export function twoSites(rtt = '38ms'): string {
  return `${site('east')}${site('west')}rtt east west ${rtt}\n${siteCluster('ocp-east', 'east')}${siteCluster('ocp-west', 'west')}`;
}

/**
 * The failure-analysis specs' topology (seed 004): two datacenters, one cluster each, F5 LTMs, a
 * GSLB with one wide IP per app, storage with and without replication.
 */
export const seed004 = `topology retail
site dc-east provider openstack {
  zone az1 zone az2 zone az3
  rtt az1 az2 1.1ms  rtt az2 az3 1.4ms  rtt az1 az3 2.0ms
}
site dc-west provider openstack {
  zone az1 zone az2 zone az3
  rtt az1 az2 1ms  rtt az2 az3 1ms  rtt az1 az3 1ms
}
rtt dc-east dc-west 38ms
router edge-east { zones dc-east.az1 dc-east.az2 dc-east.az3  ha  external internet }
router edge-west { zones dc-west.az1 dc-west.az2 dc-west.az3  ha  external internet }
network net-east { kind stretched-l2  cidr 10.20.0.0/24  zones dc-east.az1 dc-east.az2 dc-east.az3  gateway edge-east }
network net-west { kind stretched-l2  cidr 10.30.0.0/24  zones dc-west.az1 dc-west.az2 dc-west.az3  gateway edge-west }
cluster ocp-east {
  controlPlane { replicas 3  zones dc-east.az1 dc-east.az2 dc-east.az3  network net-east }
  workers { perZone 2  networks net-east }
}
cluster ocp-west {
  controlPlane { replicas 3  zones dc-west.az1 dc-west.az2 dc-west.az3  network net-west }
  workers { perZone 2  networks net-west }
}
loadBalancer lb-east { provider f5  zones dc-east.az1 dc-east.az2  network net-east  vip 10.20.0.10  members ocp-east }
loadBalancer lb-west { provider f5  zones dc-west.az1 dc-west.az2  network net-west  vip 10.30.0.10  members ocp-west }
gslb gtm { provider powerdns  backends lb-east lb-west  policy round-robin }
app shop {
  clusters ocp-east ocp-west  replicas 6
  url "shop.example.com"  gslb gtm  health "/healthz" every 5s fall 3  readiness "/healthz"
  storage orders { pattern app-async  engine cassandra }
}
app billing {
  clusters ocp-east  replicas 2  gslb gtm  url "billing.example.com"
  storage ledger { pattern none  sites dc-east  backup dc-west every 1h }
}
`;

/**
 * A subnet where the topology pins addresses (the OpenStack targets' allocation pools): HAProxy
 * VMs and web servers with fixed addresses (declared out of order), an HAProxy VIP, an Octavia VIP
 * on the subnet's last host; network `other` pins nothing. `pinnedPools`: what Neutron may hand out.
 */
export const pinnedSubnet = `${dc3}network net { cidr 10.0.0.0/24  zones dc.az1 dc.az2 }
network other { cidr 10.1.0.0/24  zones dc.az1 }
servers web { count 2  zones dc.az1 dc.az2  network net  addresses 10.0.0.11 10.0.0.10 }
servers lb { role haproxy  count 2  zones dc.az1 dc.az2  antiAffinity  network net  addresses 10.0.0.3 10.0.0.2 }
servers solo { count 1  zones dc.az1  network other }
loadBalancer web-lb { provider haproxy  via lb  vip 10.0.0.5  listen http 80  members web }
loadBalancer edge-lb { provider octavia  network net  vip 10.0.0.254  listen http 80  members web }
`;
export const pinnedPools = [
  { start: '10.0.0.4', end: '10.0.0.4' },
  { start: '10.0.0.6', end: '10.0.0.9' },
  { start: '10.0.0.12', end: '10.0.0.253' },
];

/** A /29 whose five host addresses after the gateway are all fixed addresses: no pool is left. */
export const exhaustedSubnet = `${dc3}network tiny { cidr 10.9.0.0/29  zones dc.az1 }
servers x { count 5  zones dc.az1  network tiny  addresses 10.9.0.2 10.9.0.3 10.9.0.4 10.9.0.5 10.9.0.6 }
`;
