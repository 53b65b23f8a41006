/**
 * Every topology under examples/ (one folder = one topology, sub-folders such as `corrected/`
 * included) parses and links with no syntax, reference or model errors. What the HA rules report
 * for each example is test/examples-findings.test.ts's business: the seeds describe risks, some of
 * them errors.
 *
 * Also: a deliberately broken copy of an example gives its diagnostics on the right lines, and
 * the rest of the file still yields its model (issue 2).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, load, topologyFiles, topologyFolders } from './support/index.js';

const folders = topologyFolders();

/** Diagnostics that are not HA rule findings: syntax, unresolved names, an inconsistent model. */
const isLanguageProblem = (code: unknown): boolean =>
  /^(syntax|ref|model)\//.test(String(code)) && String(code) !== 'ref/undeclared-rtt';

describe('examples', () => {
  it('has one folder per seed architecture, and corrected variants', () => {
    expect(folders.filter((f) => !f.includes('/')).length).toBeGreaterThanOrEqual(8);
    expect(folders.filter((f) => f.endsWith('/corrected')).length).toBeGreaterThan(0);
  });

  for (const name of folders) {
    it(`${name} parses and links with no errors`, async () => {
      const files = topologyFiles(name);
      expect(Object.keys(files).length).toBeGreaterThan(0);

      const { docs, model, diagnostics } = await load(files);

      const unresolved = docs.flatMap((d) =>
        (d.references ?? [])
          .filter((r) => 'ref' in r && r.ref === undefined)
          .map((r) => `${d.uri.path}: ${(r as { $refText?: string }).$refText}`),
      );
      const errors = diagnostics
        .filter((d) => d.severity === 1 && isLanguageProblem(d.code))
        .map((d) => `${d.code} ${d.file.split('/').pop()}:${d.range.start.line + 1} ${d.message}`);

      expect(unresolved, 'unresolved references').toEqual([]);
      expect(errors, 'syntax, reference and model errors').toEqual([]);
      expect(
        model.problems.filter((p) => p.severity === 'error'),
        'model problems',
      ).toEqual([]);
      expect(model.files.length).toBe(Object.keys(files).length);
    });
  }

  it('api-integration-platform makes another environment from its two parameters', async () => {
    const files = Object.fromEntries(
      Object.entries(topologyFiles('api-integration-platform')).map(([path, text]) => [
        path.replace('/api-integration-platform/', '/api-integration-platform-uat/'),
        text,
      ]),
    );
    const { model, diagnostics } = await load(files, { params: { env: 'uat', subnet: '10.41.0.0/16' } });
    expect(diagnostics.filter((d) => d.severity === 1)).toEqual([]);
    expect(model.networks.map((n) => `${n.name} ${n.cidr}`)).toEqual([
      'k8s-nodes 10.41.0.0/24',
      'data-nfs 10.41.10.0/24',
      'data-db 10.41.11.0/24',
      'edge-net 10.41.250.0/24',
    ]);
    expect(model.apps.map((a) => a.url)).toEqual(['api.uat.example.com', 'esb.uat.internal.example.com']);
    expect(model.clusters[0]?.baseDomain).toBe('uat.cloud.example.com');
  });
});

describe('a deliberately broken copy of an example', () => {
  const FILE = join(EXAMPLES, 'stretched-ocp-ipi-rpn', 'stretched-ocp-ipi-rpn.topo');

  /** 0-based index of the first line containing `text` after line `from`; fails the test when there is none. */
  const find = (lines: string[], text: string, from = 0): number => {
    const i = lines.findIndex((l, n) => n >= from && l.includes(text));
    expect(i, `a line with "${text}"`).toBeGreaterThanOrEqual(from);
    return i;
  };

  it('reports a misspelt keyword, an undeclared zone and an unterminated block on their lines, and keeps the rest', async () => {
    const lines = readFileSync(FILE, 'utf8').split('\n');
    // (a) a misspelt keyword inside cluster ocp-qa's control plane
    const typo = find(lines, 'rootVolume 120GiB', find(lines, 'cluster ocp-qa {'));
    lines[typo] = lines[typo]!.replace('rootVolume', 'rootVolum');
    // (b) an undeclared zone in cluster ocp-uat's control plane
    const zone = find(lines, 'zones osp-east.az1 osp-east.az2 osp-east.az3', find(lines, 'cluster ocp-uat {'));
    lines[zone] = lines[zone]!.replace('osp-east.az3', 'osp-east.az4');
    // (c) a block left open at the end of the file
    while (lines.at(-1) === '') lines.pop();
    lines.push('', 'servers bastion {', '  role bastion', '  count 1');
    const last = lines.length - 1;

    const { model, diagnostics } = await load({
      '/examples/broken/stretched-ocp-ipi-rpn.topo': lines.join('\n') + '\n',
    });

    const problems = diagnostics
      .filter((d) => isLanguageProblem(d.code))
      .map((d) => ({ line: d.range.start.line + 1, code: String(d.code), severity: d.severity, message: d.message }))
      .sort((a, b) => a.line - b.line);
    expect(problems.map(({ line, code, severity }) => ({ line, code, severity }))).toEqual([
      { line: typo + 1, code: 'syntax/parse', severity: 1 },
      { line: zone + 1, code: 'ref/unresolved', severity: 1 },
      { line: last + 1, code: 'syntax/parse', severity: 1 },
    ]);
    expect(problems[0]!.message).toContain('rootVolum');
    expect(problems[1]!.message).toContain('osp-east.az4');
    expect(problems[2]!.message).toContain("'}'");

    // The rest of the file still yields its model: both clusters, with what follows the typo.
    expect(model.clusters.map((c) => c.name)).toEqual(['ocp-qa', 'ocp-uat']);
    const qa = model.clusters[0]!;
    expect(qa.controlPlane.replicas).toBe(3);
    expect(qa.controlPlane.flavor).toBe('ocp.master.xlarge');
    expect(qa.workers.map((w) => w.name)).toEqual(['worker-0', 'compute-az1', 'compute-az2', 'compute-az3']);
    expect(qa.api?.vips).toEqual(['10.0.0.5']);
    const uat = model.clusters[1]!;
    expect([...uat.controlPlane.placement.perZone.keys()].map((z) => z.id)).toEqual(['osp-east.az1', 'osp-east.az2']);
    expect(model.networks.map((n) => n.name)).toEqual(['ocp-stretch', 'rpn-az1', 'rpn-az2', 'rpn-az3']);
    expect(model.servers.map((s) => s.name)).toEqual(['bastion']);
  });
});
