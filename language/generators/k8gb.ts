/**
 * k8gb generator: for every app behind a `gslb … provider k8gb`, one `Gslb` resource
 * (k8gb.io/v1beta1; CRD chart/k8gb/crd/k8gb.io_gslbs.yaml of k8gb-io/k8gb) that the CD pipeline
 * applies, unchanged, in every cluster that serves the app:
 *
 *   k8gb/<app>.yaml
 *
 * - `spec.ingress` holds the Ingress k8gb creates in each cluster for the wide IP: host = the
 *   app's url, every path to the app's Service as the apps target writes it (named after the app,
 *   in the namespace of that name, port `http`, or `https` when the pods serve TLS: `appPortName`).
 *   k8gb names that Ingress after the Gslb (k8gb-io/k8gb, controllers/ingress.go), so the apps
 *   target writes none of its own for the app's url. k8gb answers the wide IP with the ingress
 *   addresses of the clusters whose Service has ready endpoints, so the pods' readiness is the
 *   health check (the app's `readiness` path, seed 004).
 * - `spec.strategy` from the gslb's policy: `failover` with `primaryGeoTag` = the site (region) of
 *   the gslb's first backend; `round-robin` → `roundRobin`; `weighted` → `roundRobin` with a
 *   `weight` per site (equal: the model declares no weights); `geo` → `geoip`.
 *   `dnsTtlSeconds` is the check interval (the app's health, else the gslb's; k8gb's default 30).
 * - Each cluster's k8gb is installed with its site as `clusterGeoTag` (Helm value
 *   `k8gb.clusterGeoTag`) and the other sites as `extGslbClustersGeoTags`: the header lists them.
 */
import { k8sName, toYaml } from './yaml.js';
import type { Region, TopoModel } from '../model/types.js';
import { appPortName } from '../model/kubernetes.js';
import { planWideIps, type WideIp } from '../model/traffic.js';
import { header, reportProblem, type GeneratedFile, type GeneratorOptions } from './types.js';

/** The k8gb API version the CRD serves. */
export const K8GB_API_VERSION = 'k8gb.io/v1beta1';

function sites(w: WideIp): Region[] {
  const out: Region[] = [];
  for (const c of w.app.clusters) for (const r of c.regions) if (!out.includes(r)) out.push(r);
  return out;
}

function strategy(w: WideIp): Record<string, unknown> {
  const ttl = w.health?.intervalMs !== undefined ? w.intervalS : 30;
  switch (w.policy) {
    case 'failover':
      return { type: 'failover', primaryGeoTag: w.gslb.backends[0]!.regions[0]!.name, dnsTtlSeconds: ttl };
    case 'geo':
      return { type: 'geoip', dnsTtlSeconds: ttl };
    case 'weighted': {
      const tags = sites(w);
      const share = Math.floor(100 / Math.max(1, tags.length));
      return { type: 'roundRobin', dnsTtlSeconds: ttl, weight: Object.fromEntries(tags.map((r) => [r.name, share])) };
    }
    default:
      return { type: 'roundRobin', dnsTtlSeconds: ttl };
  }
}

export function gslbResource(w: WideIp): Record<string, unknown> {
  const name = k8sName(w.app.name);
  return {
    apiVersion: K8GB_API_VERSION,
    kind: 'Gslb',
    metadata: {
      name,
      namespace: name,
      labels: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/managed-by': 'topo' },
    },
    spec: {
      ingress: {
        rules: [
          {
            host: w.name,
            http: {
              paths: [
                { path: '/', pathType: 'Prefix', backend: { service: { name, port: { name: appPortName(w.app) } } } },
              ],
            },
          },
        ],
      },
      strategy: strategy(w),
    },
  };
}

export function generateK8gb(model: TopoModel, options: GeneratorOptions = {}): GeneratedFile[] {
  const { wideIps, problems } = planWideIps(model, 'k8gb');
  for (const p of problems)
    reportProblem(options, { severity: p.severity, target: 'k8gb', code: p.code, message: p.message, loc: p.loc });
  const files: GeneratedFile[] = [];
  for (const w of wideIps) {
    const tags = sites(w);
    const clusters = w.app.clusters.map(
      (c) => `${c.name} (clusterGeoTag ${c.regions.map((r) => r.name).join(', ') || '?'})`,
    );
    const text =
      header('#', model, [w.app.loc.uri, w.gslb.loc.uri], options, [
        '',
        `Wide IP ${w.name} of app ${w.app.name} (gslb ${w.gslb.name}, k8gb). Apply this same resource in every cluster`,
        `that serves the app: ${clusters.join(', ')}; each cluster's k8gb knows the other sites as`,
        `extGslbClustersGeoTags (${tags.map((r) => r.name).join(', ')}).`,
        "Health: k8gb answers with a cluster only while the app's Service has ready endpoints (its readiness probe).",
      ]) + toYaml(gslbResource(w) as never);
    files.push({ path: `k8gb/${k8sName(w.app.name)}.yaml`, content: text, target: 'k8gb' });
  }
  return files;
}
