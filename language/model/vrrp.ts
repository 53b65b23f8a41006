/**
 * VRRP virtual router IDs that OpenShift's on-prem keepalived (OpenStack IPI, bare metal,
 * vSphere, oVirt, Nutanix) derives from the cluster name. Two clusters whose IDs collide on one
 * L2 segment break each other's API/ingress VIPs.
 *
 * Ported byte-exactly from openshift/baremetal-runtimecfg:
 *
 *   pkg/utils/utils.go (commit 42224f89dad4c9144da37390545dd52900702f11)
 *     func FletcherChecksum8(inp string) uint8 {
 *         var ckA, ckB uint8
 *         for i := 0; i < len(inp); i++ {
 *             ckA = (ckA + inp[i]) % 0xf
 *             ckB = (ckB + ckA) % 0xf
 *         }
 *         return (ckB << 4) | ckA
 *     }
 *
 *   pkg/config/node.go (commit 159b0ddd5990b5d5188a7a69f560f1331b7239b7), Cluster.PopulateVRIDs
 *     if c.Name == "" { return fmt.Errorf("Cluster name can't be empty") }
 *     c.APIVirtualRouterID = utils.FletcherChecksum8(c.Name+"-api") + 1
 *     c.IngressVirtualRouterID = utils.FletcherChecksum8(c.Name+"-ingress") + 1
 *     if c.IngressVirtualRouterID == c.APIVirtualRouterID { c.IngressVirtualRouterID++ }
 *
 * Details that matter for an exact port:
 * - The modulus is 15 (0xf), not 255 (textbook Fletcher-8) and not 16 (`& 0xf`, an early
 *   version of the function). Each half is 0..14, so the checksum is at most 0xEE = 238 and the
 *   IDs are 1..239 (+1 because 0 is not a valid VRID in keepalived).
 * - The input is the Go string's bytes, i.e. UTF-8, and the sums are uint8: `ckA + inp[i]` wraps
 *   at 256 *before* `% 0xf` (only possible for bytes >= 0xF2, so never for a DNS-label name).
 * - The name is the cluster name: install-config `metadata.name` (runtimecfg reads it from the
 *   cluster-config-v1 ConfigMap, or else takes the second label of the API host name
 *   api.<name>.<baseDomain> in the kubeconfig). It is not the infra ID.
 * - The collision increment is +1 once. It can in fact never fire: the suffixes "api" and
 *   "ingress" are ASCII and add 314 ≡ 14 and 763 ≡ 13 (mod 15) to ckA, so the low nibbles of the
 *   two checksums always differ.
 * - Older runtimecfg releases (OpenShift <= 4.6 era) also derived a DNS VRID
 *   (name + "-dns") and bumped ingress past both; the API and ingress formulas are unchanged.
 */

/** FletcherChecksum8 of baremetal-runtimecfg: two mod-15 running sums over the UTF-8 bytes. */
export function fletcher8(input: string | Uint8Array): number {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  let ckA = 0;
  let ckB = 0;
  for (const byte of bytes) {
    ckA = ((ckA + byte) & 0xff) % 0xf; // uint8 addition wraps before the modulo
    ckB = ((ckB + ckA) & 0xff) % 0xf;
  }
  return ((ckB << 4) | ckA) & 0xff;
}

export interface VrrpIds {
  api: number;
  ingress: number;
}

/** Virtual router IDs keepalived uses for the API and ingress VIPs of the named cluster. */
export function vrrpIds(clusterName: string): VrrpIds {
  if (clusterName === '') throw new Error("Cluster name can't be empty");
  const api = (fletcher8(clusterName + '-api') + 1) & 0xff;
  let ingress = (fletcher8(clusterName + '-ingress') + 1) & 0xff;
  if (ingress === api) ingress = (ingress + 1) & 0xff;
  return { api, ingress };
}

/**
 * How a keepalived instance sends its advertisements. Multicast (224.0.0.18) reaches every node
 * of the L2 segment, so two instances with one virtual router id take each other's packets;
 * unicast goes only to the instance's own peers (`unicast_peer`), so equal ids no longer collide.
 */
export type VrrpMode = 'unicast' | 'multicast' | 'unknown';

/** The first OpenShift release whose on-prem keepalived is unicast on every platform (machine-config-operator PR #3016). */
export const OPENSHIFT_UNICAST_SINCE = '4.11';
/** Before it, bare metal (and KubeVirt) already ran unicast, since OpenShift 4.6. */
export const OPENSHIFT_BAREMETAL_UNICAST_SINCE = '4.6';

/** Compares dotted versions numerically: `4.9` < `4.10` < `4.11.2`. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split('.').map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * The VRRP mode of an OpenShift cluster's keepalived, from its declared version: unicast from
 * 4.11 (on bare metal from 4.6), multicast before, unknown when no version is declared.
 * machine-config-operator release-4.10 onPremPlatformKeepalivedEnableUnicast: "yes" only for
 * BareMetal and KubeVirt; from release-4.11 templates/common/on-prem/files/keepalived.yaml sets
 * ENABLE_UNICAST "yes" for every on-prem platform (commit 84d0bae).
 */
export function clusterVrrpMode(cluster: { version?: string; controlPlane: { platform?: string } }): VrrpMode {
  if (!cluster.version || !/^\d+(\.\d+)*$/.test(cluster.version)) return 'unknown';
  const since =
    cluster.controlPlane.platform === 'baremetal' ? OPENSHIFT_BAREMETAL_UNICAST_SINCE : OPENSHIFT_UNICAST_SINCE;
  return compareVersions(cluster.version, since) >= 0 ? 'unicast' : 'multicast';
}
