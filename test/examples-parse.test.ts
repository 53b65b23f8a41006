/**
 * Every topology under examples/ (one folder = one topology) parses and links with no errors.
 * Warnings and infos from the HA rules are expected (the seeds describe risks); they are printed
 * so that a change in what an example reports is visible in the test output.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { load } from './helpers.js';

const root = join(__dirname, '..', 'examples');
const folders = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

const SEVERITY = ['', 'error', 'warning', 'info', 'hint'];

describe('examples', () => {
  it('has one folder per seed architecture', () => {
    expect(folders.length).toBeGreaterThanOrEqual(8);
  });

  for (const name of folders) {
    it(`${name} parses and links with no errors`, async () => {
      const dir = join(root, name);
      const files: Record<string, string> = {};
      for (const f of readdirSync(dir).filter((f) => f.endsWith('.topo')).sort()) {
        files[`/examples/${name}/${f}`] = readFileSync(join(dir, f), 'utf8');
      }
      expect(Object.keys(files).length).toBeGreaterThan(0);

      const { docs, model, diagnostics } = await load(files);

      const unresolved = docs.flatMap((d) =>
        (d.references ?? []).filter((r) => 'ref' in r && r.ref === undefined).map((r) => `${d.uri.path}: ${(r as { $refText?: string }).$refText}`));
      const errors = diagnostics.filter((d) => d.severity === 1);
      const others = diagnostics.filter((d) => d.severity !== 1);
      const line = (d: (typeof diagnostics)[number]): string =>
        `  ${SEVERITY[d.severity ?? 1]} ${d.code ?? ''} ${d.file.split('/').pop()}:${d.range.start.line + 1}  ${d.message}`;

      const summary = [
        `${name}: topology ${model.name}, ${model.files.length} file(s)`,
        `  regions ${model.regions.map((r) => `${r.name}(${r.zones.length} zones)`).join(' ')}; rtt lines ${model.rttDecls.length}`,
        `  projects ${model.projects.length}, networks ${model.networks.length}, routers ${model.routers.length}, connectors ${model.connectors.length}, securityGroups ${model.securityGroups.length}`,
        `  clusters ${model.clusters.map((c) => `${c.name}(${c.controlPlane.replicas} cp, ${c.workers.reduce((n, w) => n + w.placement.total, 0)} workers)`).join(' ') || '-'}`,
        `  servers ${model.servers.map((s) => `${s.name}×${s.placement.total}`).join(' ') || '-'}`,
        `  loadBalancers ${model.loadBalancers.length}, gslbs ${model.gslbs.length}, apps ${model.apps.length}, storages ${model.storages.length}, managements ${model.managements.length}, params ${model.params.size}`,
        ...(errors.length ? ['  ERRORS:', ...errors.map(line)] : []),
        ...(others.length ? ['  other diagnostics:', ...others.map(line)] : ['  no other diagnostics']),
      ];
      console.log(summary.join('\n'));

      expect(unresolved, 'unresolved references').toEqual([]);
      expect(errors.map(line), 'error diagnostics').toEqual([]);
      expect(model.problems.filter((p) => p.severity === 'error'), 'model problems').toEqual([]);
    });
  }

  it('api-integration-platform makes another environment from its two parameters', async () => {
    const dir = join(root, 'api-integration-platform');
    const files = Object.fromEntries(readdirSync(dir).filter((f) => f.endsWith('.topo')).sort()
      .map((f) => [`/examples/api-integration-platform-uat/${f}`, readFileSync(join(dir, f), 'utf8')]));
    const { model, diagnostics } = await load(files, { params: { env: 'uat', subnet: '10.41.0.0/16' } });
    expect(diagnostics.filter((d) => d.severity === 1)).toEqual([]);
    expect(model.networks.map((n) => `${n.name} ${n.cidr}`)).toEqual([
      'k8s-nodes 10.41.0.0/24', 'data-nfs 10.41.10.0/24', 'data-db 10.41.11.0/24', 'edge-net 10.41.250.0/24',
    ]);
    expect(model.apps.map((a) => a.url)).toEqual(['api.uat.example.com', 'esb.uat.internal.example.com']);
    expect(model.clusters[0]?.baseDomain).toBe('uat.cloud.example.com');
  });
});
