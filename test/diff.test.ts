/**
 * `topo diff` on real pairs (issue 13): each example against its corrected variant lists the
 * seed's risks as resolved and makes no failure worse; a master moved on purpose so one zone holds
 * two is reported as a new loss of quorum, with exit code 1; the base read from git leaves the work
 * tree as it was.
 *
 * Expectations come from the examples' own findings (what `topo validate` reports for each side),
 * so another rule's finding changing does not break these tests; the seed risks are named by rule.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  EXAMPLES,
  git,
  load,
  moveMaster,
  repoWithExample,
  topo as runTopo,
  topologyFiles,
  topologyFolders,
} from './support/index.js';

/** `topo ARGS`, in the repository's root unless `cwd` says otherwise. */
const topo = (args: string[], cwd = resolve(import.meta.dirname, '..')) => runTopo(args, cwd);

interface JsonFinding {
  ruleId: string;
  element?: string;
  severity: string;
  file: string;
  line: number;
  message: string;
}
interface JsonDiff {
  format: string;
  verdict: string;
  worse: number;
  topologies: {
    topology: string;
    status: string;
    scenarios: {
      kind: string;
      domain: string;
      changes: { direction: string; subject: { kind: string; name: string }; summary: string }[];
    }[];
    findings: { added: JsonFinding[]; resolved: JsonFinding[]; changed: unknown[]; unchanged: number };
    generated: { added: string[]; removed: string[]; changed: string[]; unchanged: number };
  }[];
}

/**
 * The risks each seed names for its design (examples/README.md), by rule id, that its corrected
 * variant removes. Risks the README calls inherent (net/double-encapsulation of an overlay) stay.
 */
const SEED_RISKS: Record<string, { resolved: string[]; kept: string[] }> = {
  'stretched-ocp-ipi-rpn': { resolved: ['l2/gateway-spof', 'l2/shared-segment', 'l2/vrrp-collision'], kept: [] },
  'stretched-ocp-ipi-overlay': { resolved: ['net/overlay-snat'], kept: ['net/double-encapsulation'] },
  'stretched-ocp-overlay-haproxy': { resolved: ['net/overlay-snat'], kept: ['net/double-encapsulation'] },
  'two-dc-gtm-ltm': { resolved: ['gslb/readiness-mismatch', 'gslb/single-check', 'storage/no-dr'], kept: [] },
};

/** `rule element` of every finding of a topology, as the rules report them. */
async function findingKeys(folder: string): Promise<string[]> {
  const { findings } = await load(topologyFiles(folder));
  return findings.map((f) => `${f.ruleId} ${f.element}`);
}

/** What `base` has that `head` has not, counted (a multiset difference). */
function minus(base: string[], head: string[]): string[] {
  const left = [...head];
  return base
    .filter((k) => {
      const i = left.indexOf(k);
      if (i < 0) return true;
      left.splice(i, 1);
      return false;
    })
    .sort();
}

describe('topo diff: each example against its corrected variant', () => {
  const pairs = topologyFolders()
    .filter((f) => f.endsWith('/corrected'))
    .map((f) => f.slice(0, -'/corrected'.length));

  it('every example with a corrected variant has its seed risks listed here', () => {
    expect(pairs.sort()).toEqual(Object.keys(SEED_RISKS).sort());
  });

  for (const example of pairs) {
    it(`${example}: the seed's risks are resolved, nothing is added, no failure gets worse`, async () => {
      const r = topo(['diff', join(EXAMPLES, example), join(EXAMPLES, example, 'corrected'), '--format', 'json']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const json = JSON.parse(r.stdout) as JsonDiff;
      expect(json.format).toBe('topo-diff/1');
      // One topology compared: the corrected folder inside the example is not a topology of its own here.
      expect(json.topologies.map((t) => t.status)).toEqual(['compared']);
      const t = json.topologies[0]!;

      const [base, head] = [await findingKeys(example), await findingKeys(`${example}/corrected`)];
      const resolved = t.findings.resolved.map((f) => `${f.ruleId} ${f.element}`).sort();
      expect(resolved).toEqual(minus(base, head));
      expect(t.findings.added.map((f) => `${f.ruleId} ${f.element}`)).toEqual(minus(head, base));
      expect(t.findings.added).toEqual([]);

      const risks = SEED_RISKS[example]!;
      expect([...new Set(resolved.map((k) => k.split(' ')[0]))].sort()).toEqual(risks.resolved);
      // A risk the corrected variant keeps is matched by rule and element although its line moved.
      for (const rule of risks.kept) {
        expect(base.filter((k) => k.startsWith(`${rule} `)).length).toBeGreaterThan(0);
        expect(resolved.some((k) => k.startsWith(`${rule} `))).toBe(false);
      }
      expect(t.findings.unchanged).toBe(head.length);

      const worse = t.scenarios.flatMap((s) =>
        s.changes.filter((c) => c.direction === 'worse').map((c) => `${s.domain}: ${c.summary}`),
      );
      expect(worse).toEqual([]);
      expect(json.worse).toBe(0);
      expect(json.verdict).toMatch(/^no availability (change|lost)/);
    });
  }

  it('stretched-ocp-ipi-rpn: the HA gateway keeps both clusters reachable when osp-east.az1 fails', () => {
    const json = JSON.parse(
      topo([
        'diff',
        join(EXAMPLES, 'stretched-ocp-ipi-rpn'),
        join(EXAMPLES, 'stretched-ocp-ipi-rpn', 'corrected'),
        '--format',
        'json',
      ]).stdout,
    ) as JsonDiff;
    const az1 = json.topologies[0]!.scenarios.find((s) => s.domain === 'osp-east.az1')!;
    expect(az1.changes.filter((c) => c.direction === 'better').map((c) => c.summary)).toEqual([
      'cluster ocp-qa keeps serving',
      'cluster ocp-uat keeps serving',
    ]);
  });
});

describe('topo diff: a regression made on purpose', () => {
  it('a master moved so that dc-fra.az1 holds two is a new loss of quorum, exit 1; --exit-zero exits 0', () => {
    const repo = repoWithExample('two-dc-gtm-ltm/corrected');
    const line = moveMaster(repo);

    const md = topo(['diff', '--base', 'main', 'site', '--format', 'markdown'], repo);
    expect(md.stderr).toBe('');
    expect(md.code).toBe(1);
    const lines = md.stdout.split('\n');
    expect(lines[0]).toMatch(
      /^\*\*This change makes the estate lose quorum of cluster ocp-fra\b.* when dc-fra\.az1 fails/,
    );
    expect(md.stdout).toContain(
      '| zone `dc-fra.az1` | **worse** | cluster ocp-fra loses quorum | keeps quorum (1 of 3 control-plane members lost, 2 left, majority 2',
    );
    expect(md.stdout).toContain(
      `| added | \`quorum/zone-loss\` error | cluster ocp-fra | \`site/sites.topo:${line}\` | control plane of ocp-fra loses quorum if dc-fra.az1 fails`,
    );
    expect(md.stdout).toContain('- changed: `openshift/ocp-fra/install-config.yaml`');
    expect(md.stdout.trimEnd().endsWith('<!-- topo-diff -->')).toBe(true);

    const text = topo(['diff', '--base', 'main', 'site', '--exit-zero'], repo);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
      /^topo diff main -> work tree: this change makes the estate lose quorum of cluster ocp-fra/,
    );
    expect(text.stdout).toContain('dc-fra.az1: WORSE cluster ocp-fra loses quorum');

    const json = JSON.parse(topo(['diff', '--base', 'main', 'site', '--format', 'json'], repo).stdout) as JsonDiff;
    const quorum = json.topologies[0]!.scenarios.find((s) => s.domain === 'dc-fra.az1')!.changes[0]!;
    expect(quorum).toMatchObject({ direction: 'worse', subject: { kind: 'cluster', name: 'ocp-fra' } });
    // dc-fra.az2 no longer holds a master: that failure got no worse.
    expect(
      json.topologies[0]!.scenarios.find((s) => s.domain === 'dc-fra.az2')?.changes.filter(
        (c) => c.direction === 'worse',
      ) ?? [],
    ).toEqual([]);

    const sarif = JSON.parse(topo(['diff', '--base', 'main', 'site', '--format', 'sarif'], repo).stdout) as {
      version: string;
      runs: {
        results: {
          ruleId: string;
          locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
        }[];
      }[];
    };
    expect(sarif.version).toBe('2.1.0');
    expect(
      sarif.runs[0]!.results.map((r) => [
        r.ruleId,
        r.locations[0]!.physicalLocation.artifactLocation.uri,
        r.locations[0]!.physicalLocation.region.startLine,
      ]),
    ).toEqual([['quorum/zone-loss', 'site/sites.topo', line]]);

    // The base came from git: the work tree holds the change and nothing else (no file written).
    expect(git(repo, 'status', '--porcelain', '--untracked-files=all')).toBe(' M site/sites.topo\n');
  });

  it('--head compares two revisions; a topology new in the head is listed as added', () => {
    const repo = repoWithExample('two-dc-gtm-ltm/corrected');
    git(repo, 'checkout', '-q', '-b', 'change');
    moveMaster(repo);
    mkdirSync(join(repo, 'lab'));
    writeFileSync(
      join(repo, 'lab', 'lab.topo'),
      'region lab { zone a  zone b  zone c  rtt a b 1ms  rtt b c 1ms  rtt a c 1ms }\ncluster k { controlPlane { replicas 3  zones lab.a lab.b lab.c } }\n',
    );
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'move a master; add a lab');
    git(repo, 'checkout', '-q', 'main');
    const r = topo(['diff', '--base', 'main', '--head', 'change', '.', '--format', 'json'], repo);
    expect(r.stderr).toBe('');
    const json = JSON.parse(r.stdout) as JsonDiff;
    expect(json.topologies.map((t) => [t.topology, t.status])).toEqual([
      ['lab', 'added'],
      ['two-dc-gtm-ltm-corrected', 'compared'],
    ]);
    expect(json.verdict).toMatch(/^this change makes the estate lose quorum of cluster ocp-fra/);
    expect(r.code).toBe(1);
    // main is checked out and untouched.
    expect(existsSync(join(repo, 'lab'))).toBe(false);
    expect(git(repo, 'status', '--porcelain', '--untracked-files=all')).toBe('');
  });

  it('a folder compared with itself: no availability change, exit 0', () => {
    const dir = join(EXAMPLES, 'two-dc-gtm-ltm');
    const r = topo(['diff', dir, dir, '--format', 'markdown']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('**No availability change.**');
  });
});

describe('topo diff: bad input', () => {
  it('exits 2 naming the fix: no git repository, an unknown revision, a wrong number of folders', () => {
    const outside = repoWithExample('two-dc-gtm-ltm/corrected');
    const noRepo = join(outside, '..', `no-repo-${Date.now()}`);
    mkdirSync(noRepo);
    writeFileSync(join(noRepo, 'a.topo'), readFileSync(join(EXAMPLES, 'two-dc-gtm-ltm/corrected/sites.topo'), 'utf8'));
    const notGit = topo(['diff', '--base', 'main', '.'], noRepo);
    expect(notGit.code).toBe(2);
    expect(notGit.stderr).toMatch(/^topo: \.: not in a git repository; --base reads the base version from git/);

    const unknown = topo(['diff', '--base', 'no-such-branch', 'site'], outside);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^topo: no-such-branch: no such revision in .*; fetch it first/);

    const one = topo(['diff', 'site'], outside);
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/^topo: give two folders \(topo diff old\/ new\/\) or a git revision/);
    expect(readdirSync(outside).sort()).toEqual(['.git', 'site']);
  });
});
