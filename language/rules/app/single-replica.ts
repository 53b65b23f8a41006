import type { App } from '../../model/types.js';
import { defineRule, type Fix } from '../types.js';
import { setProps } from '../common/edits.js';
import { usesParam } from './edits.js';

export const singleReplica = defineRule({
  id: 'app/single-replica',
  title: 'App runs fewer than 2 replicas',
  severity: 'warning',
  description: 'Flags an app with fewer than 2 replicas; an app without `replicas` runs the default of 1.',
  rationale:
    'A single replica is a single point of failure: a pod eviction, a node drain during an upgrade or the loss of its zone leaves the app with nothing to serve until it is rescheduled elsewhere. Redundancy means at least two of every component (seed 001), and with an app spread over several clusters each cluster needs one of its own (seed 004: the replicas are divided between the clusters).',
  sources: ['redundancy', 'federation-split'],
  fix: 'Set `replicas 2`, or one per cluster when the app spans more than two clusters (so app/replica-split does not fire next). Not offered when the count comes from a parameter: change the parameter instead.',
  examples: {
    fires: `app shop {\n  replicas 1\n}`,
    passes: `app shop {\n  replicas 2\n}`,
  },
  checkApp(app, { model, report }) {
    if (app.replicas >= 2) return;
    const declared = app.replicasDeclared ? '' : ' (replicas unset, default 1)';
    const effect =
      app.replicas === 0 ? 'it serves nothing' : 'one pod restart, node drain or zone loss leaves it with none';
    report({
      message: `app ${app.name} has ${app.replicas} replica${app.replicas === 1 ? '' : 's'}${declared}: ${effect}; run at least 2`,
      loc: app.props.replicas ?? app.nameLoc,
      fixes: usesParam(model, app.props.replicas) ? [] : raise(app),
    });
  },
});

/** Two replicas, or one per cluster when there are more than two clusters. */
function raise(app: App): Fix[] {
  const k = app.clusters.length;
  const target = Math.max(2, k);
  const edits = setProps(app, [{ prop: 'replicas', text: `replicas ${target}` }]);
  if (!edits) return [];
  return [
    {
      title: k > 2 ? `Set replicas to ${target} (one per cluster)` : `Set replicas to ${target}`,
      edits,
      preferred: true,
    },
  ];
}
