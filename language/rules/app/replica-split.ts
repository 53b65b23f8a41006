import type { App } from '../../model/types.js';
import { defineRule, type Fix } from '../types.js';
import { setProps } from '../common/edits.js';
import { usesParam } from './edits.js';

export const replicaSplit = defineRule({
  id: 'app/replica-split',
  title: "App's replicas do not split evenly over its clusters",
  severity: 'warning',
  description:
    "An app on k clusters gets floor(n/k) of its n replicas per cluster, the remainder going to the first clusters (seed 004's emulation of federation). Flags an app whose n is not a multiple of k, or so small that a cluster gets none.",
  rationale:
    "A GSLB balances between sites, not pods: each site gets its share of requests (an equal one with round-robin) whatever the number of pods behind it, so with an uneven split the cluster with fewer replicas runs hotter and fills up first; each cluster's HPA is deployed statically with its share of the bounds (seed 004), so it cannot move load to another cluster. A cluster that gets no replica is a GSLB backend that serves nothing and fails its health check: the app runs in fewer sites than it was designed for.",
  sources: ['federation-split'],
  fix: 'Round replicas to a multiple of the number of clusters: the multiple above (preferred, keeps the capacity), or the one below when it still gives every cluster a replica. Not offered when the count comes from a parameter.',
  examples: {
    fires: `cluster a { }\ncluster b { }\napp shop {\n  clusters a b\n  replicas 3\n}`,
    passes: `cluster a { }\ncluster b { }\napp shop {\n  clusters a b\n  replicas 4\n}`,
  },
  checkApp(app, { model, report }) {
    const k = app.clusters.length;
    const n = app.replicas;
    if (k < 2 || n === 0 || n % k === 0) return; // 0 replicas: app/single-replica
    const shares = app.clusters.map((c) => app.split.get(c) ?? 0);
    const empty = app.clusters.filter((_, i) => shares[i] === 0).map((c) => c.name);
    const perCluster = app.clusters.map((c, i) => `${c.name} ${shares[i]}`).join(', ');
    const none = empty.length ? `: ${empty.join(', ')} ${empty.length === 1 ? 'gets' : 'get'} none` : '';
    report({
      message: `app ${app.name}: ${n} replica${n === 1 ? '' : 's'} over ${k} clusters split ${shares.join(' + ')} (${perCluster})${none}`,
      loc: app.props.replicas ?? app.props.clusters ?? app.nameLoc,
      related: app.clusters.map((c, i) => ({
        loc: c.nameLoc,
        message: `${c.name} runs ${shares[i]} of the ${n} replicas of ${app.name}`,
      })),
      fixes: usesParam(model, app.props.replicas) ? [] : roundToMultiple(app),
    });
  },
});

function roundToMultiple(app: App): Fix[] {
  const k = app.clusters.length;
  const above = Math.ceil(app.replicas / k) * k;
  const below = Math.floor(app.replicas / k) * k;
  const fix = (n: number, preferred: boolean): Fix[] => {
    const edits = setProps(app, [{ prop: 'replicas', text: `replicas ${n}` }]);
    return edits ? [{ title: `Set replicas to ${n} (${n / k} per cluster)`, edits, preferred }] : [];
  };
  return [...fix(above, true), ...(below >= k ? fix(below, false) : [])];
}
