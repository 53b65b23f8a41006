/**
 * Machines that declare no zone. The OpenShift installer puts a machine pool without `zones` in
 * the cloud's default compute zone ("If unset, the installer will use your default compute zone",
 * installer docs/user/openstack/customization.md), and Nova places a server created without an
 * availability zone wherever its scheduler does: such machines are not spread, and may all share
 * one zone. topo models them as sharing ONE unknown zone of their region: any single zone of that
 * region may be the one that holds them all. Read by quorum/unplaced (which reports them), by
 * quorum/zone-loss and by the failure analysis (which assumes the worst: a zone failure of the
 * region takes them with it).
 */
import type { Cluster, Loc, Placement, Region, Servers, TopoModel } from './types.js';

/** The declaration block of a group, where an edit writes its zones. */
export interface GroupBlock {
  loc: Loc;
  props: Record<string, Loc | undefined>;
  insertLoc?: Loc;
  indent: string;
}

/** One group of machines (a control plane, a worker pool, a VM group) with members that have no zone. */
export interface UnplacedGroup {
  kind: 'control-plane' | 'workers' | 'servers';
  /** `the control plane of ocp`, `workers infra of ocp`, `servers db`. */
  what: string;
  /** The cluster or VM group the machines belong to. */
  owner: Cluster | Servers;
  placement: Placement;
  /** The block a quick fix edits. */
  block: GroupBlock;
  /** The region whose default zone takes them; undefined when the topology does not say. */
  region?: Region;
}

/** Providers that place machines in availability zones the way OpenStack does. */
function zoned(r: Region): boolean {
  return r.zones.length > 0;
}

/**
 * The region a cluster's machines without a zone land in: the region of its placed machines,
 * else the region named like its `cloud`, else the topology's only region.
 */
export function clusterRegion(model: Pick<TopoModel, 'regions'>, c: Cluster): Region | undefined {
  if (c.regions.length) return c.regions[0];
  return model.regions.find((r) => r.name === c.cloud) ?? soleRegion(model);
}

/** The region a VM group's machines without a zone land in: that of its zones or networks, else the only region. */
export function serversRegion(model: Pick<TopoModel, 'regions'>, s: Servers): Region | undefined {
  const placed = [...s.placement.perZone.keys(), ...s.zones, ...s.networks.flatMap((n) => n.zones)][0];
  return placed?.region ?? soleRegion(model);
}

function soleRegion(model: Pick<TopoModel, 'regions'>): Region | undefined {
  const candidates = model.regions.filter(zoned);
  return candidates.length === 1 ? candidates[0] : model.regions.length === 1 ? model.regions[0] : undefined;
}

const cache = new WeakMap<TopoModel, UnplacedGroup[]>();

/** Every group with machines that have no zone, in model order (control plane, workers, then VM groups). */
export function unplacedGroups(model: TopoModel): UnplacedGroup[] {
  const hit = cache.get(model);
  if (hit) return hit;
  const out: UnplacedGroup[] = [];
  for (const c of model.clusters) {
    const region = clusterRegion(model, c);
    const cp = c.controlPlane;
    if (cp.placement.unplaced > 0)
      out.push({
        kind: 'control-plane',
        what: `the control plane of ${c.name}`,
        owner: c,
        placement: cp.placement,
        block: cp,
        region,
      });
    for (const w of c.workers) {
      if (w.placement.unplaced > 0)
        out.push({
          kind: 'workers',
          what: `workers ${w.name} of ${c.name}`,
          owner: c,
          placement: w.placement,
          block: w,
          region,
        });
    }
  }
  for (const s of model.servers) {
    if (s.placement.unplaced > 0)
      out.push({
        kind: 'servers',
        what: `servers ${s.name}`,
        owner: s,
        placement: s.placement,
        block: s,
        region: serversRegion(model, s),
      });
  }
  cache.set(model, out);
  return out;
}

/** The region whose default zone holds a group's unplaced machines (undefined: unknown). */
export function unplacedRegion(model: TopoModel, placement: Placement): Region | undefined {
  return unplacedGroups(model).find((g) => g.placement === placement)?.region;
}
