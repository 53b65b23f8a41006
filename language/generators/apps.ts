/**
 * Apps generator (target `apps`): for every app and every cluster that runs it, the manifests a CD
 * pipeline applies to that cluster, emulating federation the way seed 004 describes: the namespace
 * and the config are copied to every cluster, the Deployment too with the replicas divided between
 * the clusters, a Route (OpenShift) or an Ingress (Kubernetes) per cluster, and a statically
 * configured HorizontalPodAutoscaler per cluster with the app's bounds divided the same way.
 *
 *   apps/<cluster>/kustomization.yaml             every app of the cluster: `oc apply -k apps/<cluster>`
 *   apps/<cluster>/<app>/kustomization.yaml       one app on one cluster (seed 004: each app fails
 *                                                 over on its own, so it is applied or deleted alone)
 *   apps/<cluster>/<app>/<kind>.yaml              one object per file: namespace, deployment,
 *                                                 service, route + route-cluster or ingress, pdb, hpa
 *
 * The choices that carry the failure analysis into the cluster, each explained in a comment next to
 * it in the YAML: a hard zone spread that still lets replacements schedule when a zone is lost
 * (`nodeTaintsPolicy: Honor`), a readiness probe on the path the GSLB checks, a PodDisruptionBudget
 * of `maxUnavailable: 1` that never blocks a drain. An app behind a k8gb GSLB gets no Route or
 * Ingress for its url: its Gslb (k8gb target) makes k8gb create that Ingress, to the Service written
 * here. What the generator refuses (a name or host Kubernetes rejects ...) is `appProblems` in
 * model/checks.ts, which validation reports first.
 * Secrets stay references: the Deployment names the Secret, the kustomization's header says how to
 * create it from the referenced file or variable; no value is read or written.
 */
import { Document, isMap, isScalar, isSeq, type Node } from 'yaml';
import { appProblems } from '../model/checks.js';
import { appHost, appPortName, federationSplit, kubernetesMinor } from '../model/kubernetes.js';
import type { App, Cluster, HealthCheck, SecretRef, TopoModel } from '../model/types.js';
import { wrapWords } from './comments.js';
import { header, reportProblem, type GeneratedFile, type GeneratorOptions } from './types.js';

/** The container port when an app declares none (the common non-root HTTP port). */
export const DEFAULT_APP_PORT = 8080;
/** Kubernetes' own CPU target when an HPA names none (autoscaling/v2 defaults to 80%). */
const DEFAULT_CPU_PERCENT = 80;

type Yaml = string | number | boolean | Yaml[] | { [key: string]: Yaml };
type YamlMap = { [key: string]: Yaml };
type Path = (string | number)[];
/** Comments to put before a key (or a sequence item) of a manifest. */
type Notes = [Path, string][];

export function generateApps(model: TopoModel, options: GeneratorOptions = {}): GeneratedFile[] {
  const files: GeneratedFile[] = [];
  const byCluster = new Map<Cluster, App[]>();
  for (const app of [...model.apps].sort((a, b) => a.name.localeCompare(b.name))) {
    if (!app.clusters.length) continue;
    const refused = appProblems(app, model).filter((p) => p.severity === 'error');
    for (const p of refused)
      reportProblem(options, {
        severity: 'error',
        target: 'apps',
        code: p.code,
        message: p.message,
        element: `app ${app.name}`,
        loc: p.loc,
      });
    if (refused.length) continue;
    for (const cluster of app.clusters) {
      files.push(...new AppOnCluster(model, app, cluster, options).files());
      byCluster.set(cluster, [...(byCluster.get(cluster) ?? []), app]);
    }
  }
  for (const [cluster, apps] of byCluster) {
    const cli = cluster.distribution === 'openshift' ? 'oc' : 'kubectl';
    const value: YamlMap = {
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: apps.map((a) => a.name),
    };
    const head = header('#', model, [cluster.loc.uri, ...apps.map((a) => a.loc.uri)], options, [
      `Every app topo deploys to cluster ${cluster.name}, one folder each: \`${cli} apply -k apps/${cluster.name}\``,
      '(the CD pipeline\'s "Deploy in cluster" stage of seed 004, which runs once per cluster).',
    ]);
    files.push({ path: `apps/${cluster.name}/kustomization.yaml`, content: head + render(value, []), target: 'apps' });
  }
  return files;
}

/** The manifests of one app on one cluster. */
class AppOnCluster {
  private readonly share: number;
  private readonly openshift: boolean;
  private readonly minor: number | undefined;
  private readonly port: number;
  /** The pod serves TLS itself (re-encrypt or pass-through at the router). */
  private readonly servesTls: boolean;
  private readonly portName: 'http' | 'https';
  private readonly host: { host: string; path?: string } | undefined;
  /** The app is behind a k8gb GSLB: its Gslb (k8gb target) creates the Ingress for the app's url. */
  private readonly k8gb: boolean;
  private readonly selector: YamlMap;
  private readonly labels: YamlMap;
  private readonly dir: string;
  private readonly cli: 'oc' | 'kubectl';
  /** The external health check of the app's URL: the app's own, else its GSLB's. */
  private readonly check: { health: HealthCheck; by: string } | undefined;

  constructor(
    private readonly model: TopoModel,
    private readonly app: App,
    private readonly cluster: Cluster,
    private readonly options: GeneratorOptions,
  ) {
    this.share = app.split.get(cluster) ?? 0;
    this.openshift = cluster.distribution === 'openshift';
    this.cli = this.openshift ? 'oc' : 'kubectl';
    this.minor = kubernetesMinor(cluster);
    this.port = app.port ?? DEFAULT_APP_PORT;
    this.portName = appPortName(app);
    this.servesTls = this.portName === 'https';
    const host = app.url === undefined ? undefined : appHost(app.url);
    this.host = host && 'host' in host ? host : undefined;
    this.k8gb = app.gslb?.provider === 'k8gb';
    this.selector = { 'app.kubernetes.io/name': app.name };
    const partOf = labelValue(model.name);
    this.labels = {
      ...this.selector,
      ...(partOf ? { 'app.kubernetes.io/part-of': partOf } : {}),
      'app.kubernetes.io/managed-by': 'topo',
    };
    this.dir = `apps/${cluster.name}/${app.name}`;
    const health = app.health ?? app.gslb?.health;
    this.check = health && {
      health,
      by: app.health
        ? app.gslb
          ? `the app's health check, which gslb ${app.gslb.name} runs`
          : "the app's health check"
        : `gslb ${app.gslb!.name}'s health check`,
    };
  }

  /** Kubernetes `minor` or later (an undeclared version is taken as current). */
  private atLeast(minor: number): boolean {
    return this.minor === undefined || this.minor >= minor;
  }

  files(): GeneratedFile[] {
    const out: [string, YamlMap, Notes][] = [
      [
        'namespace.yaml',
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: this.app.name, labels: this.labels } },
        [],
      ],
      this.deployment(),
      this.service(),
    ];
    // k8gb's Gslb holds the Ingress for the app's url and creates it, named after the app, in this
    // namespace (k8gb-io/k8gb, controllers/ingress.go): a Route or Ingress of ours for that host
    // would be a second owner of it. The kustomization's header says so.
    const url = this.k8gb ? undefined : this.host;
    if (this.openshift) {
      if (url) out.push(this.route('route.yaml', this.app.name, url.host, url.path, this.urlNote('admits')));
      const domain = this.appsDomain();
      const clusterHost = domain ? `${this.app.name}.${domain}` : undefined;
      out.push(
        this.route(
          'route-cluster.yaml',
          `${this.app.name}-cluster`,
          clusterHost,
          undefined,
          clusterHost
            ? `The cluster-specific URL (seed 004: well-known, internal), under the cluster's wildcard *.${domain}.`
            : 'The cluster-specific URL: the router names it <route>-<namespace>.<its domain>.',
        ),
      );
    } else if (url) {
      out.push(this.ingress());
    }
    if (this.share > 0) out.push(this.pdb());
    if (this.app.hpa && this.share > 0) out.push(this.hpa());
    const files = out.map(([file, value, notes]) => this.file(file, value, notes));
    files.push(this.kustomization(out.map(([file]) => file)));
    return files;
  }

  private file(name: string, value: YamlMap, notes: Notes): GeneratedFile {
    return { path: `${this.dir}/${name}`, content: this.header([]) + render(value, notes), target: 'apps' };
  }

  private header(lines: string[]): string {
    const sources = [
      this.app.loc.uri,
      this.cluster.loc.uri,
      ...(this.app.gslb ? [this.app.gslb.loc.uri] : []),
      ...this.app.secrets.map((s) => s.ref.loc.uri),
    ];
    // Prose is wrapped; indented lines (commands to run) are kept whole.
    const text = [`App ${this.app.name} on cluster ${this.cluster.name}.`, ...lines].flatMap((l) =>
      l.startsWith('  ') ? [l] : wrapWords(l, 98),
    );
    return header('#', this.model, sources, this.options, text);
  }

  private meta(name = this.app.name, annotations?: YamlMap): YamlMap {
    return { name, namespace: this.app.name, labels: this.labels, ...(annotations ? { annotations } : {}) };
  }

  // ---------------------------------------------------------------- Deployment
  private deployment(): [string, YamlMap, Notes] {
    const app = this.app;
    const notes: Notes = [];
    const split = app.clusters.map((c) => `${c.name} ${app.split.get(c) ?? 0}`).join(', ');
    notes.push([
      ['spec', 'replicas'],
      `${this.share} of the app's ${app.replicas} replicas, divided over its ${app.clusters.length} cluster${app.clusters.length === 1 ? '' : 's'} as federation does (seed 004): floor(n/k) each, the remainder one each to the first clusters (${split}).${app.hpa && this.share > 0 ? ' The HPA (hpa.yaml) then scales it within its share of the bounds; each apply sets it back to this share first.' : ''}${this.share === 0 ? " None here: this cluster runs the app's objects but no pod (app/replica-split)." : ''}`,
    ]);

    const pod = ['spec', 'template', 'spec'];
    const spread = this.spread(notes, [...pod, 'topologySpreadConstraints']);
    const container: YamlMap = { name: app.name, image: app.image ?? app.name };
    if (app.image === undefined)
      notes.push([
        [...pod, 'containers', 0, 'image'],
        `Placeholder: the topology declares no image (app/image). Set it here with \`kustomize edit set image ${app.name}=<registry>/<repository>:<tag>\`.`,
      ]);
    container.ports = [{ name: this.portName, containerPort: this.port, protocol: 'TCP' }];
    if (app.secrets.length) {
      container.env = app.secrets.map((s) => ({
        name: envName(s.name),
        valueFrom: { secretKeyRef: { name: s.name, key: s.name } },
      }));
      notes.push([
        [...pod, 'containers', 0, 'env'],
        'Secrets by reference: created in the namespace before the app (see kustomization.yaml), never written here.',
      ]);
    }
    container.readinessProbe = this.readiness(notes, [...pod, 'containers', 0, 'readinessProbe']);
    const live: YamlMap =
      app.liveness === undefined
        ? { tcpSocket: { port: this.portName } }
        : { httpGet: { path: app.liveness, port: this.portName, scheme: this.scheme() } };
    container.livenessProbe = { ...live, periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 3 };
    notes.push([
      [...pod, 'containers', 0, 'livenessProbe'],
      app.liveness === undefined
        ? 'Liveness restarts the container, so it checks only that the port answers: the readiness path also fails when a dependency fails, and restarting would not fix that. Declare `liveness "/path"` for an HTTP check.'
        : 'Liveness restarts the container: its own path, not the readiness one (which also fails when a dependency fails).',
    ]);
    container.startupProbe = { ...live, periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 30 };
    notes.push([
      [...pod, 'containers', 0, 'startupProbe'],
      'Liveness and readiness wait for this: up to 5 minutes (30 x 10 s) for a slow start before the container is restarted.',
    ]);
    const requests: YamlMap = {};
    if (app.requests?.cpu !== undefined) requests.cpu = cpuQuantity(app.requests.cpu);
    if (app.requests?.memoryBytes !== undefined) requests.memory = bytesQuantity(app.requests.memoryBytes);
    if (Object.keys(requests).length) container.resources = { requests };
    container.securityContext = {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    };
    notes.push([
      [...pod, 'containers', 0, 'securityContext'],
      "The restricted Pod Security Standard: what OpenShift's restricted-v2 SCC and namespaces enforcing `restricted` admit.",
    ]);
    const podSpec: YamlMap = { topologySpreadConstraints: spread, containers: [container] };
    if (this.servesTls) {
      container.volumeMounts = [{ name: 'tls', mountPath: '/etc/tls/private', readOnly: true }];
      podSpec.volumes = [{ name: 'tls', secret: { secretName: this.tlsSecret() } }];
      notes.push([
        [...pod, 'volumes'],
        this.openshift && app.tls === 'reencrypt'
          ? `tls.crt and tls.key for the router's re-encrypted connection, issued by the cluster's service CA (the Service's serving-cert annotation), which the router trusts.`
          : `The certificate the pod serves (tls ${app.tls}: TLS reaches the pod), from the Secret ${this.tlsSecret()} (see kustomization.yaml).`,
      ]);
    }
    const value: YamlMap = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: this.meta(),
      spec: {
        replicas: this.share,
        selector: { matchLabels: this.selector },
        template: { metadata: { labels: this.labels }, spec: podSpec },
      },
    };
    return ['deployment.yaml', value, notes];
  }

  /** Zone and node spread, chosen so that the scheduler keeps what the zone-loss analysis assumes. */
  private spread(notes: Notes, at: Path): Yaml[] {
    const zones = this.cluster.zones.length;
    const honor = this.atLeast(26);
    const hard = zones >= 2 && honor;
    const common = {
      labelSelector: { matchLabels: this.selector },
      ...(this.atLeast(27) ? { matchLabelKeys: ['pod-template-hash'] } : {}),
    };
    const zone: YamlMap = {
      maxSkew: 1,
      topologyKey: 'topology.kubernetes.io/zone',
      whenUnsatisfiable: hard ? 'DoNotSchedule' : 'ScheduleAnyway',
      ...(honor ? { nodeTaintsPolicy: 'Honor' } : {}),
      ...common,
    };
    const version = this.cluster.version
      ? `${this.cluster.distribution === 'openshift' ? 'OpenShift' : 'Kubernetes'} ${this.cluster.version}`
      : undefined;
    notes.push([
      [...at, 0],
      hard
        ? this.app.spread === 'zones'
          ? `An even spread over the cluster's ${zones} zones, enforced (DoNotSchedule, maxSkew 1): the app declares \`spread zones\`, and the failure analysis counts on it, where the scheduler's default spreading is only a preference.`
          : `An even spread over the cluster's ${zones} zones, enforced (DoNotSchedule, maxSkew 1), where the scheduler's default spreading is only a preference. The app does not declare \`spread zones\`, so the failure analysis does not count on this spread: when the cluster loses its control plane it assumes every replica may have run in the failed zone.`
        : zones < 2
          ? `The topology places this cluster's nodes in ${zones ? 'one zone' : 'no known zone'}: the zone spread is a preference (ScheduleAnyway), which never keeps a pod Pending.`
          : `${version} predates nodeTaintsPolicy (Kubernetes 1.26): an enforced spread would count a lost zone's nodes and keep the replacements Pending (see below), so the spread is a preference (ScheduleAnyway).`,
    ]);
    if (honor) {
      notes.push([
        [...at, 0, 'nodeTaintsPolicy'],
        "Honor: when a zone is lost its nodes stay in the API, tainted unreachable. With the default (Ignore) they would still count as a zone holding none of these pods, so maxSkew 1 would cap every surviving zone and the replacement pods would stay Pending. Honor leaves tainted nodes out, so the survivors take the lost zone's share.",
      ]);
    }
    if (this.atLeast(27))
      notes.push([
        [...at, 0, 'matchLabelKeys'],
        "Count only the pods of the Deployment's current ReplicaSet, so a rolling update spreads the new pods too.",
      ]);
    const node: YamlMap = {
      maxSkew: 1,
      topologyKey: 'kubernetes.io/hostname',
      whenUnsatisfiable: 'ScheduleAnyway',
      ...(honor ? { nodeTaintsPolicy: 'Honor' } : {}),
      ...common,
    };
    notes.push([
      [...at, 1],
      'Over nodes too, as a preference: one node drained or lost takes as few pods as possible, and a full node never keeps a pod Pending.',
    ]);
    return [zone, node];
  }

  private scheme(): 'HTTP' | 'HTTPS' {
    return this.servesTls ? 'HTTPS' : 'HTTP';
  }

  /** Readiness on the path the GSLB checks, faster than it: a dying pod leaves before the next check. */
  private readiness(notes: Notes, at: Path): YamlMap {
    const app = this.app;
    const path = app.readiness ?? this.check?.health.path;
    const intervalS = this.check?.health.intervalMs !== undefined ? this.check.health.intervalMs / 1000 : undefined;
    const period = intervalS === undefined ? 5 : Math.max(1, Math.min(10, Math.floor(intervalS / 2)));
    const timeoutMs = this.check?.health.timeoutMs;
    const timeout = timeoutMs === undefined ? 1 : Math.max(1, Math.min(period, Math.ceil(timeoutMs / 1000)));
    if (path === undefined) {
      notes.push([
        at,
        'No readiness path is declared, nor a health check: ready once the port accepts connections. Declare `readiness "/path"`.',
      ]);
      return {
        tcpSocket: { port: this.portName },
        periodSeconds: period,
        timeoutSeconds: timeout,
        failureThreshold: 1,
        successThreshold: 1,
      };
    }
    const checked = this.check?.health.path;
    let why: string;
    if (!this.check) why = `The declared readiness path.`;
    else if (app.readiness === undefined)
      why = `No readiness is declared: the path of ${this.check.by} (${checked}), as gslb/readiness-mismatch advises.`;
    else if (app.readiness === checked) why = `The path of ${this.check.by}, as seed 004 advises.`;
    else why = `The declared readiness path, not the ${checked} of ${this.check.by} (gslb/readiness-mismatch).`;
    const timing =
      intervalS === undefined
        ? ` One failed probe takes the pod out of the Service's endpoints within ${period} s.`
        : ` Probed every ${period} s, half the ${formatSeconds(intervalS)} s interval of that check, and one failure takes the pod out of the Service's endpoints: a dying pod leaves before the check runs again, so the check does not land on it twice.`;
    notes.push([at, why + timing]);
    return {
      httpGet: { path, port: this.portName, scheme: this.scheme() },
      periodSeconds: period,
      timeoutSeconds: timeout,
      failureThreshold: 1,
      successThreshold: 1,
    };
  }

  // ---------------------------------------------------------------- Service, Route, Ingress
  private service(): [string, YamlMap, Notes] {
    const annotations =
      this.openshift && this.app.tls === 'reencrypt'
        ? { 'service.beta.openshift.io/serving-cert-secret-name': this.tlsSecret() }
        : undefined;
    const notes: Notes = annotations
      ? [
          [
            ['metadata', 'annotations'],
            `The service CA issues the pods' certificate into the Secret ${this.tlsSecret()}; the router trusts it when it re-encrypts.`,
          ],
        ]
      : [];
    const value: YamlMap = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: this.meta(this.app.name, annotations),
      spec: {
        selector: this.selector,
        ports: [{ name: this.portName, port: this.port, targetPort: this.portName, protocol: 'TCP' }],
      },
    };
    return ['service.yaml', value, notes];
  }

  private tls(): YamlMap | undefined {
    switch (this.app.tls) {
      case 'terminate':
        return { termination: 'edge', insecureEdgeTerminationPolicy: 'Redirect' };
      case 'reencrypt':
        return { termination: 'reencrypt', insecureEdgeTerminationPolicy: 'Redirect' };
      case 'passthrough':
        return { termination: 'passthrough', insecureEdgeTerminationPolicy: 'Redirect' };
      default:
        return undefined;
    }
  }

  private route(
    file: string,
    name: string,
    host: string | undefined,
    path: string | undefined,
    why: string,
  ): [string, YamlMap, Notes] {
    const tls = this.tls();
    const spec: YamlMap = {};
    if (host) spec.host = host;
    // The router cannot read the path of a pass-through connection: such a route matches the host only.
    if (path && this.app.tls !== 'passthrough') spec.path = path;
    spec.to = { kind: 'Service', name: this.app.name, weight: 100 };
    spec.port = { targetPort: this.portName };
    if (tls) spec.tls = tls;
    const notes: Notes = [[['spec', host ? 'host' : 'to'], why]];
    if (tls) {
      const vanity = host !== undefined && host === this.host?.host && this.app.tls !== 'passthrough';
      notes.push([
        ['spec', 'tls'],
        tlsNote(this.app.tls!) +
          (vanity
            ? ` The router's default certificate is for ${this.appsDomain() ? `*.${this.appsDomain()}` : "the cluster's apps domain"}: for ${host}, the LTM in front terminates TLS with the app's certificate (seed 004), or give this route one.`
            : ''),
      ]);
    }
    return [file, { apiVersion: 'route.openshift.io/v1', kind: 'Route', metadata: this.meta(name), spec }, notes];
  }

  private ingress(): [string, YamlMap, Notes] {
    const host = this.host!;
    const annotations: YamlMap | undefined =
      this.app.tls === 'passthrough'
        ? { 'nginx.ingress.kubernetes.io/ssl-passthrough': 'true' }
        : this.app.tls === 'reencrypt'
          ? { 'nginx.ingress.kubernetes.io/backend-protocol': 'HTTPS' }
          : undefined;
    const spec: YamlMap = {};
    if (this.app.tls === 'terminate' || this.app.tls === 'reencrypt')
      spec.tls = [{ hosts: [host.host], secretName: this.tlsSecret() }];
    spec.rules = [
      {
        host: host.host,
        http: {
          paths: [
            {
              path: host.path ?? '/',
              pathType: 'Prefix',
              backend: { service: { name: this.app.name, port: { name: this.portName } } },
            },
          ],
        },
      },
    ];
    const notes: Notes = [[['spec', 'rules'], this.urlNote('serves')]];
    if (annotations)
      notes.push([
        ['metadata', 'annotations'],
        `tls ${this.app.tls}: Ingress has no standard field for it; these are ingress-nginx's annotations${this.app.tls === 'passthrough' ? ' (its controller needs --enable-ssl-passthrough)' : ''}. Another controller needs its own.`,
      ]);
    if (spec.tls)
      notes.push([
        ['spec', 'tls'],
        `The certificate of ${host.host}, from the Secret ${this.tlsSecret()} (see kustomization.yaml).`,
      ]);
    return [
      'ingress.yaml',
      { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: this.meta(this.app.name, annotations), spec },
      notes,
    ];
  }

  // ---------------------------------------------------------------- disruption budget, autoscaler
  private pdb(): [string, YamlMap, Notes] {
    const spec: YamlMap = { maxUnavailable: 1, selector: { matchLabels: this.selector } };
    if (this.atLeast(27)) spec.unhealthyPodEvictionPolicy = 'AlwaysAllow';
    const notes: Notes = [
      [
        ['spec', 'maxUnavailable'],
        this.share === 1
          ? "This cluster runs 1 replica, and no budget keeps one pod serving through the drain of its node: minAvailable 1 would make that pod unevictable and block the drain (and the upgrade) forever. maxUnavailable 1 lets the drain go on; the Deployment starts the pod on another node, and meanwhile the GSLB's health check takes this site out and the other clusters serve. Two replicas per cluster keep it serving here too (app/single-replica, app/replica-split)."
          : `A drain evicts one pod at a time and waits until its replacement is ready: ${this.share - 1} of ${this.share} keep serving. Unlike minAvailable, it stays right when the HPA changes the count, and it never blocks a drain.`,
      ],
    ];
    if (spec.unhealthyPodEvictionPolicy)
      notes.push([
        ['spec', 'unhealthyPodEvictionPolicy'],
        'A pod that is not ready serves nothing: evicting it must not wait for the budget, or a crash-looping pod would block the drain.',
      ]);
    return ['pdb.yaml', { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: this.meta(), spec }, notes];
  }

  private hpa(): [string, YamlMap, Notes] {
    const app = this.app;
    const hpa = app.hpa!;
    const i = app.clusters.indexOf(this.cluster);
    const k = app.clusters.length;
    const appMin = hpa.min ?? app.replicas;
    const appMax = hpa.max!;
    const minShare = federationSplit(appMin, k)[i]!;
    const min = Math.max(1, minShare);
    const max = Math.max(min, federationSplit(appMax, k)[i]!);
    const cpu = hpa.cpuPercent ?? DEFAULT_CPU_PERCENT;
    const spec: YamlMap = {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: app.name },
      minReplicas: min,
      maxReplicas: max,
      metrics: [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: cpu } } },
      ],
    };
    const raised = minShare < 1 ? ` (its share, ${minShare}, raised to 1: an HPA's minimum is at least 1)` : '';
    const notes: Notes = [
      [
        ['spec', 'minReplicas'],
        `Deployed statically per cluster (seed 004: federated HPAs cannot be emulated by CD): this cluster's share of the app's bounds, min ${appMin}${hpa.min === undefined ? ' (its replicas: no hpa min is declared)' : ''} and max ${appMax} divided over ${k} cluster${k === 1 ? '' : 's'} as the replicas are${raised}.`,
      ],
    ];
    if (app.requests?.cpu === undefined)
      notes.push([
        ['spec', 'metrics'],
        'The pods declare no CPU request, so utilization is undefined and this HPA does not scale until they do, or a LimitRange gives the namespace a default (app/hpa-requests).',
      ]);
    return [
      'hpa.yaml',
      { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: this.meta(), spec },
      notes,
    ];
  }

  // ---------------------------------------------------------------- kustomization
  private kustomization(resources: string[]): GeneratedFile {
    const ns = this.app.name;
    const create = this.app.secrets.map(
      (s) => `  ${this.cli} -n ${ns} create secret generic ${s.name} ${secretSource(s.name, s.ref)}`,
    );
    if (this.servesTls && !(this.openshift && this.app.tls === 'reencrypt'))
      create.push(
        `  ${this.cli} -n ${ns} create secret tls ${this.tlsSecret()} --cert=<certificate file> --key=<key file>   # the pods' certificate`,
      );
    if (!this.openshift && this.app.tls === 'terminate' && this.host) {
      create.push(
        `  ${this.cli} -n ${ns} create secret tls ${this.tlsSecret()} --cert=<certificate file> --key=<key file>   # the certificate of ${this.host.host}`,
      );
    }
    const lines = [
      `${this.share} of its ${this.app.replicas} replicas run here. Apply this app alone with \`${this.cli} apply -k ${this.dir}\`, or delete it to take the app out of this site.`,
      ...(this.k8gb && this.host
        ? [
            `The app's URL, ${this.host.host}, is gslb ${this.app.gslb!.name}'s: the Gslb k8gb/${this.app.name}.yaml (target k8gb), applied in this namespace too, makes k8gb create the Ingress ${this.app.name} for it, to this Service's port ${this.portName}; so this folder has no ${this.openshift ? 'Route' : 'Ingress'} of its own for that host.`,
          ]
        : []),
      ...(create.length
        ? [
            'The Secrets it reads are references, never written here: create them in the namespace first, e.g.',
            `  ${this.cli} create namespace ${ns}`,
            ...create,
          ]
        : []),
    ];
    const value: YamlMap = { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources };
    return { path: `${this.dir}/kustomization.yaml`, content: this.header(lines) + render(value, []), target: 'apps' };
  }

  private urlNote(verb: string): string {
    return this.app.gslb
      ? `The app's URL, the name gslb ${this.app.gslb.name} answers for: every cluster of the app ${verb} it, so the GSLB can send it to any site.`
      : `The app's URL: every cluster of the app ${verb} it.`;
  }

  /** OpenShift's default ingress domain, `apps.<cluster>.<baseDomain>`, when the base domain is known. */
  private appsDomain(): string | undefined {
    if (!this.cluster.baseDomain) return undefined;
    const domain = `apps.${this.cluster.name}.${this.cluster.baseDomain}`.toLowerCase();
    // A cluster or domain name that is no DNS name (the openshift target refuses those) gives no host here.
    return 'host' in appHost(`${this.app.name}.${domain}`) ? domain : undefined;
  }

  private tlsSecret(): string {
    return `${this.app.name}-tls`;
  }
}

function tlsNote(tls: 'terminate' | 'reencrypt' | 'passthrough'): string {
  switch (tls) {
    case 'terminate':
      return 'tls terminate: the router ends TLS with its certificate and sends plain HTTP to the pods; plain HTTP is redirected to HTTPS.';
    case 'reencrypt':
      return 'tls reencrypt: the router ends TLS and opens a new TLS connection to the pods, whose certificate the service CA issued; plain HTTP is redirected to HTTPS.';
    case 'passthrough':
      return 'tls passthrough: the router passes the TLS connection through by its SNI name, the pods hold the certificate; plain HTTP is redirected to HTTPS.';
  }
}

/** How to create a Secret from the topology's reference: the reference is named, its value never read. */
function secretSource(name: string, ref: SecretRef): string {
  if (ref.kind === 'file') return `--from-file=${name}=${shellWord(ref.reference ?? '')}`;
  if (ref.kind === 'env') return `--from-literal=${name}="$${ref.reference}"`;
  return `--from-file=${name}=<file>`;
}

function shellWord(text: string): string {
  return /^[\w./~-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** `db-password` → `DB_PASSWORD`, the environment variable a secret reaches the container as. */
export function envName(name: string): string {
  const v = name.replace(/[^A-Za-z0-9_]+/g, '_').toUpperCase();
  return /^[0-9]/.test(v) ? `_${v}` : v;
}

/** A label value: at most 63 of `[A-Za-z0-9._-]`, starting and ending alphanumeric; '' when nothing is left. */
function labelValue(text: string): string {
  return text
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .slice(0, 63)
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
}

/** Cores as a Kubernetes quantity: `0.25` → `250m`, `2` → `2`. */
export function cpuQuantity(cores: number): string {
  return Number.isInteger(cores) ? String(cores) : `${Math.round(cores * 1000)}m`;
}

/** Bytes as a Kubernetes quantity, in the largest unit that divides them: `536870912` → `512Mi`, `1e9` → `1G`. */
export function bytesQuantity(bytes: number): string {
  for (const [unit, size] of [
    ['Ti', 2 ** 40],
    ['Gi', 2 ** 30],
    ['Mi', 2 ** 20],
    ['Ki', 2 ** 10],
    ['T', 1e12],
    ['G', 1e9],
    ['M', 1e6],
    ['k', 1e3],
  ] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return String(bytes);
}

function formatSeconds(s: number): string {
  return String(Number(s.toFixed(3)));
}

/**
 * YAML as kubectl users write it: 2 spaces, sequences indented under their key, no line folding,
 * YAML 1.1 quoting (Go's decoders read `yes`/`on` as booleans), and the notes as comments before
 * their keys, wrapped at about 100 columns.
 */
function render(value: YamlMap, notes: Notes): string {
  // A value used twice (the labels) is written twice, not as a YAML anchor and alias.
  const doc = new Document(value, { version: '1.1', aliasDuplicateObjects: false });
  for (const [path, text] of notes) {
    const last = path[path.length - 1]!;
    const parent = path.length > 1 ? doc.getIn(path.slice(0, -1), true) : doc.contents;
    let node: Node | undefined;
    if (isMap(parent))
      node = parent.items.find((p) => isScalar(p.key) && p.key.value === last)?.key as Node | undefined;
    else if (isSeq(parent) && typeof last === 'number') node = parent.items[last] as Node | undefined;
    if (!node) throw new Error(`no ${path.join('.')} to comment on`);
    const width = Math.max(40, 98 - 2 * path.length);
    node.commentBefore = wrapWords(text, width)
      .map((l) => ` ${l}`)
      .join('\n');
  }
  return doc.toString({ indent: 2, indentSeq: true, lineWidth: 0, minContentWidth: 0 });
}
