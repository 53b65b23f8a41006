import type { Zone } from '../../model/types.js';
import { unplacedGroups, type UnplacedGroup } from '../../model/unplaced.js';
import { setProps } from '../common/edits.js';
import { defineRule, type Fix } from '../types.js';
import { majority, zonesNeeded } from '../../model/quorum.js';

export const unplaced = defineRule({
  id: 'quorum/unplaced',
  title: 'Machines without zones in a region of several zones',
  severity: 'warning',
  description:
    "Fires for a control plane, a worker pool or a VM group of two or more machines that declares no zones while its region (that of the cluster's other machines, the region named like its `cloud`, or the topology's only region) has several: nothing spreads those machines, and they may all share one zone.",
  rationale:
    "The OpenShift installer puts a machine pool without `zones` in the cloud's default compute zone, and Nova places a server without an availability zone wherever its scheduler does. Three control-plane members that look spread are then three members in one zone: that zone's failure stops the API, which no zone-loss check can see because nothing says where they are. topo treats such machines as sharing one unknown zone of their region (the failure analysis assumes any zone failure of the region may take them all).",
  sources: ['installer-default-zone', 'etcd-quorum'],
  fix: "List the region's zones: a control plane of n members goes round-robin over n zones (one each; offered only when the region has enough zones for it to survive any one), a worker pool or VM group over as many zones as it has machines (a `perZone` pool gets that many in each zone).",
  examples: {
    fires: `region dc provider openstack {\n  zone az1  zone az2  zone az3\n  rtt az1 az2 1ms  rtt az2 az3 1ms  rtt az1 az3 1ms\n}\ncluster ocp {\n  controlPlane { replicas 3 }\n}`,
    passes: `region dc provider openstack {\n  zone az1  zone az2  zone az3\n  rtt az1 az2 1ms  rtt az2 az3 1ms  rtt az1 az3 1ms\n}\ncluster ocp {\n  controlPlane { replicas 3  zones dc.az1 dc.az2 dc.az3 }\n}`,
  },
  reads: 'infrastructure',
  check({ model, report }) {
    for (const g of unplacedGroups(model)) {
      const region = g.region;
      // With one zone (or one machine) there is nothing to spread: the default zone is the zone.
      if (!region || region.zones.length < 2 || g.placement.unplaced < 2) continue;
      const at = g.block.props.replicas ?? g.block.props.perZone ?? g.block.props.count ?? g.block.loc;
      const fix = spreadFix(g, region.zones);
      report({
        message: `${g.what} ${consequence(g)}, in region ${region.name} of ${region.zones.length} zones (${region.zones.map((z) => z.id).join(', ')}): ${why(g)}`,
        loc: at,
        element: `${g.owner.kind} ${g.owner.name}`,
        fixes: fix ? [fix] : [],
      });
    }
  },
});

function consequence(g: UnplacedGroup): string {
  const n = g.placement.unplaced;
  const all = n === g.placement.total;
  const count = g.kind === 'control-plane' ? `${n} member${n === 1 ? '' : 's'}` : `${n} machine${n === 1 ? '' : 's'}`;
  return all
    ? `${g.kind === 'control-plane' ? 'has' : 'have'} ${count} and no zones`
    : `${g.kind === 'control-plane' ? 'has' : 'have'} ${count} without a zone`;
}

function why(g: UnplacedGroup): string {
  const n = g.placement.unplaced;
  if (g.kind === 'control-plane') {
    const left = g.placement.total - n;
    const lost = left < majority(g.placement.total);
    return `the installer puts them all in the cloud's default compute zone, so one zone failure can take all ${n}${lost ? ` and the quorum (majority ${majority(g.placement.total)} of ${g.placement.total})` : ''}`;
  }
  if (g.kind === 'workers')
    return `the installer puts them all in the cloud's default compute zone, so one zone failure can stop every workload they run`;
  return 'Nova places them where its scheduler does, possibly all in one zone, so one zone failure can take them all';
}

/** `zones a b c` over the region's zones, keeping the group's count (perZone pools get perZone in each). */
function spreadFix(g: UnplacedGroup, regionZones: Zone[]): Fix | undefined {
  const n = g.placement.total;
  let zones: Zone[];
  if (g.kind === 'control-plane') {
    const need = zonesNeeded(n);
    if (!need || regionZones.length < need) return undefined; // spread or not, some zone would still hold a majority
    zones = regionZones.slice(0, Math.min(n, regionZones.length));
  } else if (g.block.props.perZone) {
    zones = regionZones;
  } else {
    zones = regionZones.slice(0, Math.min(n, regionZones.length));
  }
  const ids = zones.map((z) => z.id);
  const edits = setProps(g.block, [{ prop: 'zones', text: `zones ${ids.join(' ')}` }]);
  if (!edits) return undefined;
  const each = g.block.props.perZone
    ? `, ${g.placement.unplaced} in each (${g.placement.unplaced * zones.length} in all)`
    : '';
  return { title: `Spread ${g.what} over ${ids.join(', ')}${each}`, edits, preferred: true };
}
