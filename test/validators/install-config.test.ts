import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, parseDocument } from 'yaml';
import { INSTALL_CONFIG_CRD_PATH, schemaInfo, validateInstallConfig } from './install-config.js';

const VALID = readFileSync(
  new URL('../fixtures/openshift/install-config/openstack-ipi-3az.yaml', import.meta.url),
  'utf8',
);

/** Returns the valid fixture with one edit applied (path into the YAML, value or undefined to delete). */
function mutate(path: (string | number)[], value: unknown): string {
  const doc = parseDocument(VALID);
  if (value === undefined) doc.deleteIn(path);
  else doc.setIn(path, value);
  return doc.toString();
}

describe('validateInstallConfig', () => {
  it('accepts a realistic OpenStack IPI install-config (3 zones, root volumes, VIPs, controlPlanePort)', () => {
    const r = validateInstallConfig(VALID);
    expect(r.errors).toEqual([]);
    expect(r.valid).toBe(true);
  });

  it('accepts a dual-stack VIP pair and a minimal config without kind', () => {
    const minimal = [
      'apiVersion: v1',
      'metadata:',
      '  name: lab',
      'baseDomain: example.org',
      'platform:',
      '  openstack:',
      '    cloud: lab',
      '    apiVIPs: [10.0.0.5, "fd2e:6f44:5dd8:c956::5"]',
      '    ingressVIPs: [10.0.0.7, "fd2e:6f44:5dd8:c956::7"]',
      'pullSecret: "{}"',
      '',
    ].join('\n');
    expect(validateInstallConfig(minimal)).toEqual({ valid: true, errors: [] });
  });

  it('the CRD itself does not forbid unknown platform.openstack fields (so we close objects)', () => {
    const crd = parse(readFileSync(INSTALL_CONFIG_CRD_PATH, 'utf8'));
    const openstack = crd.spec.versions[0].schema.openAPIV3Schema.properties.platform.properties.openstack;
    expect(openstack.additionalProperties).toBeUndefined();
    expect(openstack['x-kubernetes-preserve-unknown-fields']).toBeUndefined();
  });

  it('rejects an unknown field under platform.openstack', () => {
    const r = validateInstallConfig(mutate(['platform', 'openstack', 'cloudd'], 'prod'));
    expect(r.valid).toBe(false);
    expect(r.errors).toContain('/platform/openstack must NOT have additional properties: "cloudd"');
  });

  it('rejects removed/unknown fields such as OpenStack failureDomains and a top-level typo', () => {
    const r1 = validateInstallConfig(mutate(['platform', 'openstack', 'failureDomains'], [{ name: 'az1' }]));
    expect(r1.errors).toContain('/platform/openstack must NOT have additional properties: "failureDomains"');
    const r2 = validateInstallConfig(mutate(['controlplane'], { name: 'master' }));
    expect(r2.errors).toContain('/ must NOT have additional properties: "controlplane"');
  });

  it('rejects a wrong type for replicas', () => {
    const r = validateInstallConfig(mutate(['controlPlane', 'replicas'], 'three'));
    expect(r.valid).toBe(false);
    expect(r.errors).toContain('/controlPlane/replicas must be integer');
  });

  it('rejects missing required fields (platform.openstack.cloud, metadata.name, rootVolume.types)', () => {
    expect(validateInstallConfig(mutate(['platform', 'openstack', 'cloud'], undefined)).errors).toContain(
      "/platform/openstack must have required property 'cloud'",
    );
    expect(validateInstallConfig(mutate(['metadata', 'name'], undefined)).errors).toContain(
      "/metadata must have required property 'name'",
    );
    expect(
      validateInstallConfig(mutate(['compute', 0, 'platform', 'openstack', 'rootVolume', 'types'], undefined)).errors,
    ).toContain("/compute/0/platform/openstack/rootVolume must have required property 'types'");
    expect(validateInstallConfig(mutate(['pullSecret'], undefined)).errors).toContain(
      "/ must have required property 'pullSecret'",
    );
  });

  it('rejects a bad enum value and an invalid VIP address', () => {
    const r1 = validateInstallConfig(mutate(['controlPlane', 'platform', 'openstack', 'serverGroupPolicy'], 'spread'));
    expect(r1.errors[0]).toMatch(
      /^\/controlPlane\/platform\/openstack\/serverGroupPolicy must be equal to one of the allowed values/,
    );
    const r2 = validateInstallConfig(mutate(['platform', 'openstack', 'apiVIPs'], ['10.0.0.300']));
    expect(r2.errors).toContain('/platform/openstack/apiVIPs/0 must match format "ip"');
    const r3 = validateInstallConfig(
      mutate(['platform', 'openstack', 'apiVIPs'], ['10.0.0.5', '10.0.0.6', '10.0.0.8']),
    );
    expect(r3.errors).toContain('/platform/openstack/apiVIPs must NOT have more than 2 items');
  });

  it('rejects apiVersion other than v1, a wrong kind, and broken YAML', () => {
    expect(validateInstallConfig(mutate(['apiVersion'], 'v2')).errors).toContain(
      '/apiVersion must be "v1" (installer: install-config version must be v1)',
    );
    expect(validateInstallConfig(mutate(['kind'], 'Config')).errors).toContain('/kind must be "InstallConfig"');
    const broken = validateInstallConfig('apiVersion: v1\nmetadata: [\n');
    expect(broken.valid).toBe(false);
    expect(broken.errors[0]).toMatch(/^\/ YAML /);
  });

  it('reports what it cannot check', () => {
    const info = schemaInfo();
    expect(info.unvalidatedFormats).toEqual([]);
    expect(info.unevaluatedCelRules).toBeGreaterThan(0);
  });
});
