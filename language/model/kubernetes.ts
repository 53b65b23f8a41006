/**
 * What the model knows of the Kubernetes side of apps: how replicas are divided between clusters,
 * which Kubernetes a cluster runs, and the names and host an app gets there. Read by the model
 * builder, the model checks and the apps generator, so that they agree.
 */
import type { App, Cluster } from './types.js';

/**
 * `n` divided over `k` clusters as federation does and seed 004's CD pipeline emulates: floor(n/k)
 * each, the remainder one each to the first clusters (7 over 3: 3 + 2 + 2).
 */
export function federationSplit(n: number, k: number): number[] {
  return Array.from({ length: k }, (_, i) => Math.floor(n / k) + (i < n % k ? 1 : 0));
}

/**
 * The Kubernetes minor version a cluster runs (`1.29` → 29), from its declared version: OpenShift
 * 4.N ships Kubernetes 1.(N+13) (4.13 is 1.26, 4.16 is 1.29: the OpenShift release notes name the
 * Kubernetes version of each release). Undefined when no version is declared.
 */
export function kubernetesMinor(cluster: Pick<Cluster, 'distribution' | 'version'>): number | undefined {
  const m = /^(\d+)\.(\d+)/.exec(cluster.version ?? '');
  if (!m) return undefined;
  const [major, minor] = [Number(m[1]), Number(m[2])];
  if (cluster.distribution === 'openshift') return major === 4 ? minor + 13 : undefined;
  return major === 1 ? minor : undefined;
}

/**
 * A Kubernetes object name that is valid for every kind the apps target writes: a DNS-1035 label
 * (a Service name must start with a letter), at most 63 characters.
 */
export const KUBERNETES_NAME = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
export const KUBERNETES_NAME_RULE =
  "lower-case letters, digits and '-', starting with a letter and ending with a letter or digit, at most 63 characters";

export function isKubernetesName(name: string): boolean {
  return name.length <= 63 && KUBERNETES_NAME.test(name);
}

/** A Secret's name: a DNS-1123 subdomain. */
export function isSecretName(name: string): boolean {
  return name.length <= 253 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(name);
}

/**
 * The host (and path) an app's `url` names: `shop.example.com`, `https://shop.example.com/api`.
 * The host becomes a Route's `spec.host` or an Ingress rule's `host`, both DNS-1123 subdomains
 * (lower case: DNS names are case-insensitive). Returns why not when it cannot be one.
 */
export function appHost(url: string): { host: string; path?: string } | { problem: string } {
  const rest = url.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const slash = rest.indexOf('/');
  const authority = slash < 0 ? rest : rest.slice(0, slash);
  const path = slash < 0 ? undefined : rest.slice(slash);
  const host = authority.replace(/:\d+$/, '').toLowerCase();
  if (/[@:]/.test(authority.replace(/:\d+$/, '')))
    return { problem: `"${url}" names no plain host (user or port parts are not part of a route's host)` };
  if (
    !host ||
    host.length > 253 ||
    !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(host) ||
    host.split('.').some((l) => l.length > 63)
  ) {
    return { problem: `"${host || url}" is not a DNS host name (letters, digits and '-' in dot-separated labels)` };
  }
  if (path !== undefined && /[\s?#]/.test(path))
    return { problem: `the path "${path}" holds a space, query or fragment` };
  return { host, path: path && path !== '/' ? path : undefined };
}

/**
 * The name of an app's port on its pods and its Service, which its Routes, its Ingress and a k8gb
 * Gslb's Ingress name as their backend: `https` when the pod serves TLS itself (`tls reencrypt` or
 * `passthrough`), else `http`. One function, so that the apps and k8gb targets agree.
 */
export function appPortName(app: Pick<App, 'tls'>): 'http' | 'https' {
  return app.tls === 'reencrypt' || app.tls === 'passthrough' ? 'https' : 'http';
}
