import { describe, expect, it } from 'vitest';
import { parseDocument, stringify } from 'yaml';
import { routeSchemaInfo, validateManifest } from './kubernetes.js';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
  namespace: shop
spec:
  replicas: 3
  selector:
    matchLabels:
      app.kubernetes.io/name: shop
  template:
    metadata:
      labels:
        app.kubernetes.io/name: shop
    spec:
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: DoNotSchedule
          nodeTaintsPolicy: Honor
          labelSelector:
            matchLabels:
              app.kubernetes.io/name: shop
      containers:
        - name: shop
          image: registry.example.com/shop:1.0
          ports:
            - name: http
              containerPort: 8080
          readinessProbe:
            httpGet:
              path: /healthz
              port: http
          resources:
            requests:
              cpu: 250m
`;

const ROUTE = `apiVersion: route.openshift.io/v1
kind: Route
metadata:
  name: shop
  namespace: shop
spec:
  host: shop.example.com
  to:
    kind: Service
    name: shop
    weight: 100
  port:
    targetPort: http
  tls:
    termination: edge
    insecureEdgeTerminationPolicy: Redirect
`;

function mutate(text: string, path: (string | number)[], value: unknown): string {
  const doc = parseDocument(text);
  if (value === undefined) doc.deleteIn(path);
  else doc.setIn(path, value);
  return doc.toString();
}

describe('validateManifest: built-in kinds (kubernetes-models + unknown fields)', () => {
  it('accepts a realistic Deployment', () => {
    expect(validateManifest(DEPLOYMENT)).toEqual({ valid: true, errors: [], kind: 'apps/v1/Deployment' });
  });

  it('rejects a wrong type and a value outside an enum (kubernetes-models)', () => {
    expect(validateManifest(mutate(DEPLOYMENT, ['spec', 'replicas'], 'three')).errors).toContain(
      '/spec/replicas must be integer',
    );
    const r = validateManifest(
      mutate(DEPLOYMENT, ['spec', 'template', 'spec', 'topologySpreadConstraints', 0, 'nodeTaintsPolicy'], 'Respect'),
    );
    expect(
      r.errors.some((e) =>
        e.startsWith(
          '/spec/template/spec/topologySpreadConstraints/0/nodeTaintsPolicy must be equal to one of the allowed values',
        ),
      ),
    ).toBe(true);
  });

  it('rejects unknown fields at any depth, which kubernetes-models lets through', () => {
    const typo = mutate(DEPLOYMENT, ['spec', 'template', 'spec', 'containers', 0, 'imagee'], 'x');
    expect(validateManifest(typo).errors).toEqual(['/spec/template/spec/containers/0 has unknown field "imagee"']);
    expect(validateManifest(mutate(DEPLOYMENT, ['spec', 'strategy', 'rollingUpdate', 'maxSurges'], 1)).errors).toEqual([
      '/spec/strategy/rollingUpdate has unknown field "maxSurges"',
    ]);
    expect(validateManifest(mutate(DEPLOYMENT, ['status2'], {})).errors).toEqual(['/ has unknown field "status2"']);
  });

  it('accepts free-form maps (labels, resource requests) without calling their keys unknown', () => {
    const more = mutate(
      mutate(DEPLOYMENT, ['metadata', 'labels'], { 'any/key': 'v' }),
      ['spec', 'template', 'spec', 'containers', 0, 'resources', 'requests', 'memory'],
      '256Mi',
    );
    expect(validateManifest(more).errors).toEqual([]);
  });

  it('checks what the API server checks beyond the schema: names, selector vs labels, HPA bounds, spread selectors', () => {
    expect(validateManifest(mutate(DEPLOYMENT, ['metadata', 'name'], 'Shop_1')).errors).toContain(
      '/metadata/name "Shop_1" is not a valid Deployment name',
    );
    expect(
      validateManifest(mutate(DEPLOYMENT, ['spec', 'selector', 'matchLabels', 'app.kubernetes.io/name'], 'other'))
        .errors,
    ).toContain('/spec/selector does not match template labels');
    expect(
      validateManifest(
        mutate(DEPLOYMENT, ['spec', 'template', 'spec', 'topologySpreadConstraints', 0, 'labelSelector'], undefined),
      ).errors,
    ).toContain('/spec/template/spec/topologySpreadConstraints/0 has no labelSelector: it counts no pods');
    const hpa = stringify({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'shop', namespace: 'shop' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'shop' },
        minReplicas: 0,
        maxReplicas: 3,
      },
    });
    expect(validateManifest(hpa).errors).toEqual(['/spec/minReplicas must be at least 1']);
    const service = stringify({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: '1shop' },
      spec: { ports: [{ port: 80 }] },
    });
    expect(validateManifest(service).errors).toEqual(['/metadata/name "1shop" is not a valid Service name']);
  });

  it('refuses kinds it does not know rather than passing them', () => {
    const r = validateManifest('apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n');
    expect(r.valid).toBe(false);
    expect(r.errors[0]).toMatch(/v1\/Pod is not a kind this validator knows/);
  });
});

describe('validateManifest: OpenShift Routes (Route CRD)', () => {
  it('accepts an edge route', () => {
    expect(validateManifest(ROUTE)).toEqual({ valid: true, errors: [], kind: 'route.openshift.io/v1/Route' });
  });

  it('rejects unknown fields, bad enums and a host that is no DNS name', () => {
    expect(validateManifest(mutate(ROUTE, ['spec', 'tls', 'terminaton'], 'edge')).errors).toContain(
      '/spec/tls must NOT have additional properties: "terminaton"',
    );
    expect(
      validateManifest(mutate(ROUTE, ['spec', 'tls', 'termination'], 'terminate')).errors.some((e) =>
        e.startsWith('/spec/tls/termination must be equal to one of the allowed values'),
      ),
    ).toBe(true);
    expect(
      validateManifest(mutate(ROUTE, ['spec', 'host'], 'shop_example.com')).errors.some((e) =>
        e.startsWith('/spec/host must match pattern'),
      ),
    ).toBe(true);
  });

  it('checks the CEL rules on spec.tls by hand', () => {
    const passthroughAllow = mutate(
      mutate(ROUTE, ['spec', 'tls', 'termination'], 'passthrough'),
      ['spec', 'tls', 'insecureEdgeTerminationPolicy'],
      'Allow',
    );
    expect(validateManifest(passthroughAllow).errors).toContain(
      '/spec/tls cannot have both spec.tls.termination: passthrough and spec.tls.insecureEdgeTerminationPolicy: Allow',
    );
    const passthroughRedirect = mutate(ROUTE, ['spec', 'tls', 'termination'], 'passthrough');
    expect(validateManifest(passthroughRedirect).errors).toEqual([]);
  });

  it('knows every format of the Route CRD and counts its CEL rules', () => {
    const info = routeSchemaInfo();
    expect(info.unvalidatedFormats).toEqual([]);
    expect(info.celRules).toBeGreaterThan(0);
  });
});
