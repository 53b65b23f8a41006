/**
 * Golden tests: every example's generated artifacts are checked in under test/golden/ and
 * compared byte for byte, so any change in output is a visible diff. Each artifact also passes
 * its ecosystem's validator: install-configs the installer's CRD schema, HOT templates Heat's own
 * engine, Terraform HashiCorp's HCL parser, the provider's argument list and `terraform fmt`.
 *
 * Update after an intended change: UPDATE_GOLDEN=1 npx vitest run test/golden.test.ts
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generate, writeGenerated, type GeneratedFile } from '../language/generators/index.js';
import type { SecretRef } from '../language/model/types.js';
import { load } from './helpers.js';
import { validateHot } from './validators/heat.js';
import { validateInstallConfig } from './validators/install-config.js';
import { checkTerraformFormat, validateTerraform } from './validators/terraform.js';

const ROOT = resolve(import.meta.dirname, '..');
const EXAMPLES = join(ROOT, 'examples');
const GOLDEN = join(ROOT, 'test/golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

/** Fixed stand-ins for the secrets the examples reference (never real ones). */
function fakeSecret(ref: SecretRef): string {
  const name = `${ref.kind}:${ref.reference ?? ''}`;
  if (/pull/i.test(name)) return '{"auths":{"registry.example.com":{"auth":"Z29sZGVuOnRlc3Q=","email":"golden@example.com"}}}';
  if (/ssh|\.pub|key/i.test(name)) return 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGoldenGoldenGoldenGoldenGoldenGoldenGold golden@example.com';
  return 'golden-placeholder-secret';
}

/** Every folder under examples/ that holds .topo files is one topology. */
function topologies(dir: string): string[] {
  const here = readdirSync(dir, { withFileTypes: true });
  const own = here.some((e) => e.isFile() && e.name.endsWith('.topo')) ? [dir] : [];
  return [...own, ...here.filter((e) => e.isDirectory() && e.name !== 'generated').flatMap((e) => topologies(join(dir, e.name)))];
}

/** The generated files under a folder, by relative path: only the targets' folders (a nested example's goldens live beside them). */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const target of ['openshift', 'heat', 'terraform']) {
    const root = join(dir, target);
    if (!existsSync(root)) continue;
    for (const f of readdirSync(root, { recursive: true, withFileTypes: true })) {
      if (!f.isFile()) continue;
      const abs = join(f.parentPath, f.name);
      out[relative(dir, abs).split('\\').join('/')] = readFileSync(abs, 'utf8');
    }
  }
  return out;
}

const produced: { example: string; files: GeneratedFile[] }[] = [];
const temp = mkdtempSync(join(tmpdir(), 'topo-golden-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('golden artifacts of every example', () => {
  for (const folder of topologies(EXAMPLES)) {
    const example = relative(EXAMPLES, folder).split('\\').join('/');
    it(`${example}: generates exactly the checked-in artifacts`, async () => {
      const files = Object.fromEntries(readdirSync(folder).filter((f) => f.endsWith('.topo')).sort().map((f) => [join(folder, f), readFileSync(join(folder, f), 'utf8')]));
      const { model } = await load(files);
      const sourceFiles = Object.fromEntries(model.files.map((uri) => [uri, relative(folder, new URL(uri).pathname)]));
      const result = generate(model, { sourceFiles, resolveSecret: fakeSecret });
      expect(result.problems.filter((p) => p.severity === 'error').map((p) => `${p.code}: ${p.message}`)).toEqual([]);
      produced.push({ example, files: result.files });
      const out = join(temp, example);
      const report = await writeGenerated(result.files, { outDir: out });
      expect(report.errors).toEqual([]);
      const actual = tree(out);
      const goldenDir = join(GOLDEN, example);
      if (UPDATE) {
        for (const target of ['openshift', 'heat', 'terraform']) rmSync(join(goldenDir, target), { recursive: true, force: true });
        for (const [path, content] of Object.entries(actual)) {
          mkdirSync(dirname(join(goldenDir, path)), { recursive: true });
          writeFileSync(join(goldenDir, path), content);
        }
      }
      expect(Object.keys(actual).sort()).toEqual(Object.keys(tree(goldenDir)).sort());
      for (const [path, content] of Object.entries(tree(goldenDir))) expect(actual[path], `${example}/${path}`).toBe(content);
      expect(Object.keys(actual).some((p) => p.startsWith('heat/'))).toBe(true);
      expect(Object.keys(actual).some((p) => p.startsWith('terraform/'))).toBe(true);
      if (model.clusters.some((c) => c.distribution === 'openshift' && c.install === 'ipi')) expect(Object.keys(actual).some((p) => p.startsWith('openshift/'))).toBe(true);
    });
  }

  it('every install-config passes the installer\'s CRD schema', () => {
    const configs = produced.flatMap(({ example, files }) => files.filter((f) => f.path.endsWith('install-config.yaml')).map((f) => ({ name: `${example}/${f.path}`, content: f.content })));
    expect(configs.length).toBeGreaterThan(0);
    for (const c of configs) expect(validateInstallConfig(c.content).errors, c.name).toEqual([]);
  });

  it('every HOT template passes Heat\'s own engine', async () => {
    const templates = produced.flatMap(({ example, files }) => files.filter((f) => f.target === 'heat').map((f) => ({ name: `${example}/${f.path}`, content: f.content })));
    expect(templates.length).toBeGreaterThan(0);
    const results = await validateHot(templates);
    expect(results.filter((r) => !r.valid).map((r) => `${r.file}: ${r.error}`)).toEqual([]);
  }, 180_000);

  it('every Terraform file parses, names only real resources and arguments, and is fmt-clean', async () => {
    for (const { example, files } of produced) {
      const tf = files.filter((f) => f.target === 'terraform').map((f) => ({ name: f.path, content: f.content }));
      expect(tf.length, example).toBeGreaterThan(0);
      expect((await validateTerraform(tf)).errors, example).toEqual([]);
      for (const f of tf) expect(checkTerraformFormat(f.content), `${example}/${f.name}`).toEqual([]);
    }
  });
});
