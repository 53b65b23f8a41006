/** Where a control plane's members sit: read by the etcd, workers and ref rules. */
import type { ControlPlane, Zone } from '../../model/types.js';

/** The zones holding at least one member, in placement order. */
export function memberZones(cp: ControlPlane): Zone[] {
  return [...cp.placement.perZone].filter(([, n]) => n > 0).map(([z]) => z);
}
