/**
 * Topology snippets for the app/, gslb/ and storage/ specs: well-formed sites and clusters (three
 * zones a site, one control-plane member a zone), so that a spec's topology trips only the rule
 * under test and a fixed file has no error diagnostics.
 */

/** A site with zones az1..az3, `zoneRtt` apart. */
export function site(name: string, zoneRtt = '1ms'): string {
  return `region ${name} provider openstack { zone az1 zone az2 zone az3  rtt az1 az2 ${zoneRtt}  rtt az2 az3 ${zoneRtt}  rtt az1 az3 ${zoneRtt} }\n`;
}

/** An OpenShift cluster with one control-plane member and two workers in each zone of `region`. */
export function cluster(name: string, region: string): string {
  return `cluster ${name} {\n  controlPlane { zones ${region}.az1 ${region}.az2 ${region}.az3 }\n  workers { perZone 2 }\n}\n`;
}

/** Sites east and west `rtt` apart, with clusters ocp-east and ocp-west. */
export function twoSites(rtt = '38ms'): string {
  return `${site('east')}${site('west')}rtt east west ${rtt}\n${cluster('ocp-east', 'east')}${cluster('ocp-west', 'west')}`;
}
