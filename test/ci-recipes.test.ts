/**
 * The CI recipes of docs/ci.md, run as written as far as a machine without GitHub or GitLab can
 * (issue 13): their YAML is read from the document; every shell step runs with bash the way the
 * runner runs it, in a temporary git repository whose main branch holds a topology and whose
 * change moves a master so that one zone holds two. The CLI comes from the npm tarball of
 * `npm run package:cli`, installed by the recipe's own install command (into a temporary prefix).
 * GitHub's comment script runs against a stand-in of the API it calls; the GitLab note is sent by
 * the recipe's curl to a stand-in of GitLab's API on 127.0.0.1.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildCliPackage } from './support/cli-package.js';
import { git, moveMaster, repoWithExample } from './support/index.js';

const DOC = readFileSync(resolve(import.meta.dirname, '../docs/ci.md'), 'utf8');

/** The YAML block of docs/ci.md whose first line is `# <file>`. */
function recipe(file: string): Record<string, any> {
  const block = [...DOC.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!).find((b) => b.startsWith(`# ${file}\n`));
  if (!block) throw new Error(`docs/ci.md has no yaml block starting with "# ${file}"`);
  return parse(block) as Record<string, any>;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a shell script as the runners do (bash, stop at the first failing command). */
function bash(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((done, fail) => {
    const p = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], { cwd, env });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => p.kill(), 180_000);
    p.on('error', fail);
    p.on('close', (code) => {
      clearTimeout(timer);
      done({ code: code ?? -1, stdout, stderr });
    });
  });
}

/** A repository as CI checks out a change: main holds the topology, the branch `change` breaks it. */
function pullRequest(change: (repo: string) => void): { repo: string; base: string } {
  const repo = repoWithExample('two-dc-gtm-ltm/corrected');
  const base = git(repo, 'rev-parse', 'HEAD').trim();
  git(repo, 'checkout', '-q', '-b', 'change');
  change(repo);
  git(repo, 'commit', '-q', '-am', 'the change');
  return { repo, base };
}

let tarball: string;
beforeAll(async () => {
  tarball = (await buildCliPackage()).tarball;
}, 240_000);

/** Environment of a CI job: the recipe's install goes to a temporary global prefix, on the PATH. */
function jobEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const prefix = mkdtempSync(join(tmpdir(), 'topo-ci-prefix-'));
  return {
    ...process.env,
    npm_config_prefix: prefix,
    npm_config_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    PATH: `${join(prefix, 'bin')}${delimiter}${process.env.PATH}`,
    ...extra,
  };
}

// ------------------------------------------------------------------ GitHub Actions

/** `${{ expr }}` from the few contexts the workflow reads. */
function expand(value: string, ctx: Record<string, string>): string {
  return value.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_, expr: string) => {
    if (!(expr in ctx)) throw new Error(`the workflow reads \${{ ${expr} }}, which this test does not provide`);
    return ctx[expr]!;
  });
}

/** A step's `if:` on a pull_request event, with GitHub's implied success() when no status function is named. */
function shouldRun(condition: string | undefined, failed: boolean): boolean {
  if (condition === undefined) return !failed;
  let expr = String(condition).replace(/^\$\{\{\s*|\s*\}\}$/g, '');
  if (!/\b(success|failure|always|cancelled)\(\)/.test(expr)) expr = `success() && (${expr})`;
  expr = expr
    .replace(/github\.event_name/g, "'pull_request'")
    .replace(/\bsuccess\(\)/g, String(!failed))
    .replace(/\bfailure\(\)/g, String(failed))
    .replace(/\balways\(\)/g, 'true')
    .replace(/\bcancelled\(\)/g, 'false')
    .replace(/([^=!])==([^=])/g, '$1===$2')
    .replace(/!=([^=])/g, '!==$1');
  return Boolean(new Function(`return (${expr});`)());
}

/** Runs actions/github-script's `script` in the workspace with a stand-in `github` that records its calls. */
async function githubScript(
  script: string,
  cwd: string,
  existing: { id: number; body: string }[],
): Promise<{ method: string; params: Record<string, unknown> }[]> {
  const harness = `
    const calls = [];
    const record = (method, result) => async (params) => { calls.push({ method, params }); return { data: result(params) }; };
    const github = {
      rest: { issues: {
        listComments: record('listComments', () => JSON.parse(process.env.EXISTING)),
        createComment: record('createComment', () => ({ id: 99 })),
        updateComment: record('updateComment', (p) => ({ id: p.comment_id })),
      } },
      paginate: async (method, params) => (await method(params)).data,
    };
    const context = { repo: { owner: 'acme', repo: 'estate' }, issue: { number: 7 } };
    const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor;
    new AsyncFunction('github', 'context', 'require', process.env.SCRIPT)(github, context, require)
      .then(() => process.stdout.write(JSON.stringify(calls)), (e) => { console.error(e); process.exit(1); });`;
  const r = await new Promise<Run>((done) => {
    const p = spawn(process.execPath, ['-e', harness], {
      cwd,
      env: { ...process.env, SCRIPT: script, EXISTING: JSON.stringify(existing) },
    });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
  if (r.code !== 0) throw new Error(`the comment script failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as { method: string; params: Record<string, unknown> }[];
}

interface StepResult {
  name: string;
  ran: boolean;
  code?: number;
  out?: string;
}

/** Walks the workflow's steps for a pull_request event. */
async function runWorkflow(repo: string, baseSha: string, existingComments: { id: number; body: string }[]) {
  const wf = recipe('.github/workflows/topo.yml');
  const job = Object.values(wf.jobs as Record<string, { steps: Record<string, any>[] }>)[0]!;
  const summary = join(mkdtempSync(join(tmpdir(), 'topo-gh-')), 'summary.md');
  writeFileSync(summary, '');
  const ctx = { 'github.event.pull_request.base.sha': baseSha, 'github.workspace': repo };
  const env = jobEnv({
    ...Object.fromEntries(
      Object.entries(wf.env as Record<string, string>).map(([k, v]) => [k, expand(String(v), ctx)]),
    ),
    TOPO_PACKAGE: tarball,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_WORKSPACE: repo,
    GITHUB_EVENT_NAME: 'pull_request',
  });
  const results: StepResult[] = [];
  const comments: { method: string; params: Record<string, unknown> }[] = [];
  let failed = false;
  for (const step of job.steps) {
    const name = String(step.name ?? step.uses);
    if (!shouldRun(step.if, failed)) {
      results.push({ name, ran: false });
      continue;
    }
    if (step.run) {
      const stepEnv = {
        ...env,
        ...Object.fromEntries(
          Object.entries((step.env ?? {}) as Record<string, string>).map(([k, v]) => [k, expand(String(v), ctx)]),
        ),
      };
      const r = await bash(String(step.run), repo, stepEnv);
      results.push({ name, ran: true, code: r.code, out: r.stdout + r.stderr });
      if (r.code !== 0) failed = true;
    } else if (String(step.uses).startsWith('actions/checkout@')) {
      expect(step.with?.['fetch-depth'], 'topo diff needs the base commit: fetch-depth 0').toBe(0);
      results.push({ name, ran: true, code: 0 });
    } else if (String(step.uses).startsWith('actions/setup-node@')) {
      expect(Number(step.with?.['node-version'])).toBeGreaterThanOrEqual(20);
      results.push({ name, ran: true, code: 0 });
    } else if (String(step.uses).startsWith('github/codeql-action/upload-sarif@')) {
      // What code scanning accepts: SARIF 2.1.0 with a tool and results on files of the repository.
      const sarif = JSON.parse(readFileSync(join(repo, String(step.with.sarif_file)), 'utf8')) as {
        version: string;
        runs: {
          tool: { driver: { name: string } };
          results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
        }[];
      };
      expect(sarif.version).toBe('2.1.0');
      expect(sarif.runs[0]!.tool.driver.name).toBe('topo');
      for (const r of sarif.runs[0]!.results)
        expect(existsSync(join(repo, r.locations[0]!.physicalLocation.artifactLocation.uri)), r.ruleId).toBe(true);
      results.push({ name, ran: true, code: 0, out: sarif.runs[0]!.results.map((r) => r.ruleId).join(' ') });
    } else if (String(step.uses).startsWith('actions/github-script@')) {
      comments.push(...(await githubScript(String(step.with.script), repo, existingComments)));
      results.push({ name, ran: true, code: 0 });
    } else {
      throw new Error(`docs/ci.md uses ${step.uses}, which this test does not know how to run`);
    }
  }
  return { results, comments, summary: readFileSync(summary, 'utf8') };
}

describe('docs/ci.md: the GitHub Actions workflow', () => {
  it('on a pull request that moves a master: SARIF with the new finding, the diff as the first comment, the job fails', async () => {
    const { repo, base } = pullRequest(moveMaster);
    const { results, comments, summary } = await runWorkflow(repo, base, [{ id: 1, body: 'LGTM' }]);
    const by = (prefix: string) => results.find((r) => r.name.startsWith(prefix))!;
    expect(by('Install topo')).toMatchObject({ ran: true, code: 0 });
    expect(by('Validate')).toMatchObject({ ran: true, code: 1 });
    expect(by('Upload findings')).toMatchObject({ ran: true, out: 'quorum/zone-loss' });
    expect(by('What the change does')).toMatchObject({ ran: true, code: 1 });
    expect(summary.split('\n')[0]).toMatch(
      /^\*\*This change makes the estate lose quorum of cluster ocp-fra\b.* when dc-fra\.az1 fails/,
    );
    expect(comments.map((c) => c.method)).toEqual(['listComments', 'createComment']);
    expect(comments[1]!.params).toMatchObject({ owner: 'acme', repo: 'estate', issue_number: 7, body: summary });
  });

  it('on the next push, a harmless change: validation passes, the same comment is updated to "No availability change"', async () => {
    const { repo, base } = pullRequest((dir) => {
      const file = join(dir, 'site', 'apps.topo');
      writeFileSync(file, `// reviewed\n${readFileSync(file, 'utf8')}`);
    });
    const { results, comments } = await runWorkflow(repo, base, [{ id: 5, body: 'old diff\n<!-- topo-diff -->\n' }]);
    expect(results.filter((r) => r.ran && r.code !== 0)).toEqual([]);
    expect(comments.map((c) => c.method)).toEqual(['listComments', 'updateComment']);
    expect(comments[1]!.params).toMatchObject({ comment_id: 5 });
    expect(String(comments[1]!.params.body).split('\n')[0]).toBe('**No availability change.**');
  });
});

// ------------------------------------------------------------------ GitLab CI

/** A job with its `extends` template merged in (variables merged key by key, as GitLab does). */
function gitlabJob(ci: Record<string, any>, name: string): Record<string, any> {
  const job = ci[name] as Record<string, any>;
  const parent = job.extends ? gitlabJob(ci, String(job.extends)) : {};
  return { ...parent, ...job, variables: { ...parent.variables, ...job.variables } };
}

/** A stand-in of GitLab's API on 127.0.0.1: records the requests. */
async function fakeGitlab(): Promise<{
  url: string;
  requests: { method: string; url: string; token?: string; body: string }[];
  close(): Promise<void>;
}> {
  const requests: { method: string; url: string; token?: string; body: string }[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      requests.push({
        method: req.method!,
        url: req.url!,
        token: req.headers['private-token'] as string | undefined,
        body,
      });
      res.writeHead(201, { 'content-type': 'application/json' }).end('{"id":1}');
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/v4`,
    requests,
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}

describe('docs/ci.md: the GitLab CI jobs', () => {
  it('on a merge request that moves a master: validation fails, the diff fails and is posted as a note', async () => {
    const ci = recipe('.gitlab-ci.yml');
    const { repo, base } = pullRequest(moveMaster);
    const api = await fakeGitlab();
    try {
      const run = async (name: string) => {
        const job = gitlabJob(ci, name);
        expect(job.image).toMatch(/^node:(\d+)/);
        expect(Number(/^node:(\d+)/.exec(job.image)![1])).toBeGreaterThanOrEqual(20);
        const env = jobEnv({
          ...Object.fromEntries(
            Object.entries(job.variables as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
          ),
          TOPO_PACKAGE: tarball,
          CI_PIPELINE_SOURCE: 'merge_request_event',
          CI_MERGE_REQUEST_IID: '12',
          CI_MERGE_REQUEST_DIFF_BASE_SHA: base,
          CI_PROJECT_ID: '34',
          CI_API_V4_URL: api.url,
          TOPO_NOTE_TOKEN: 'glpat-test',
        });
        return bash([...(job.before_script ?? []), ...job.script].map(String).join('\n'), repo, env);
      };
      const validate = await run('topo-validate');
      expect(validate.code).toBe(1);
      expect(validate.stdout).toMatch(
        /^site\/sites\.topo:\d+:\d+ error quorum\/zone-loss control plane of ocp-fra loses quorum if dc-fra\.az1 fails/m,
      );

      expect(gitlabJob(ci, 'topo-diff').variables.GIT_DEPTH).toBe(0);
      expect(String(gitlabJob(ci, 'topo-diff').rules[0].if)).toContain('merge_request_event');
      const diff = await run('topo-diff');
      expect(diff.code, diff.stderr).toBe(1);
      const md = readFileSync(join(repo, 'topo-diff.md'), 'utf8');
      expect(md.split('\n')[0]).toMatch(/^\*\*This change makes the estate lose quorum of cluster ocp-fra\b/);
      expect(api.requests).toHaveLength(1);
      const note = api.requests[0]!;
      expect(note).toMatchObject({
        method: 'POST',
        url: '/api/v4/projects/34/merge_requests/12/notes',
        token: 'glpat-test',
      });
      expect(new URLSearchParams(note.body).get('body')).toBe(md);
    } finally {
      await api.close();
    }
  });
});
