import { defineRule } from '../types.js';

export const hpaRequests = defineRule({
  id: 'app/hpa-requests',
  title: 'App autoscaled on CPU without a CPU request',
  severity: 'warning',
  description: 'Flags an app with an `hpa` that runs on clusters but declares no `requests cpu`.',
  rationale:
    "A HorizontalPodAutoscaler scales on CPU utilization, the pods' usage as a share of their CPU request. Without a request the utilization is undefined and the autoscaler takes no action: the app stays at its replica count under any load, while its capacity plan assumes it grows to the hpa's max. A LimitRange that gives the namespace a default request also works, but is not part of the topology.",
  sources: ['hpa-utilization'],
  examples: {
    fires: `cluster ocp { }\napp shop {\n  clusters ocp\n  replicas 2\n  hpa min 2 max 6 cpu 70%\n}`,
    passes: `cluster ocp { }\napp shop {\n  clusters ocp\n  replicas 2\n  hpa min 2 max 6 cpu 70%\n  requests cpu 0.5 memory 512MiB\n}`,
  },
  checkApp(app, { report }) {
    if (!app.hpa || !app.clusters.length || app.requests?.cpu !== undefined) return;
    report({
      message: `app ${app.name} scales on CPU (hpa cpu ${app.hpa.cpuPercent ?? 80}%) but declares no CPU request: the autoscaler cannot compute utilization and never scales; add \`requests cpu <cores>\``,
      loc: app.props.hpa ?? app.nameLoc,
    });
  },
});
