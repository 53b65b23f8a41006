import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, ruleSettings } from '../language/config/config.js';
import { catalogue } from '../language/rules/catalogue.js';
import { CLI } from './support/index.js';

const parse = (text: string) => parseConfig(text, 'topo.config.json', catalogue);

describe('topo.config.json', () => {
  it('accepts severities, thresholds with their reason, params and generation settings', () => {
    const config = parse(
      JSON.stringify({
        rules: { 'l2/shared-segment': 'off', 'net/overlay-snat': 'warning' },
        thresholds: { 'etcd/latency': { warnMs: { value: 15, reason: 'measured p99 12 ms' } } },
        params: { env: 'staging' },
        generate: { targets: ['heat'], outDir: 'build', onSave: false },
      }),
    );
    expect(ruleSettings(config, { rules: { 'net/overlay-snat': 'off' } })).toEqual({
      rules: { 'l2/shared-segment': 'off', 'net/overlay-snat': 'off' },
      thresholds: { 'etcd/latency': { warnMs: { value: 15, reason: 'measured p99 12 ms' } } },
    });
  });

  it.each([
    ['{ "rules": { "quorum/zone-loss": "error", }', /^topo\.config\.json at 1:\d+: not valid JSON/],
    ['{ "rule": {} }', 'topo.config.json: /: unknown property "rule"'],
    [
      '{ "rules": { "quorum/zone-loss": "fatal" } }',
      'topo.config.json: /rules/quorum/zone-loss: must be equal to one of the allowed values',
    ],
    [
      '{ "rules": { "quorum/zone-losss": "off" } }',
      'topo.config.json: /rules/quorum/zone-losss: no such rule; `topo rules` lists them',
    ],
    [
      '{ "thresholds": { "etcd/latency": { "warnMs": { "value": 15 } } } }',
      "topo.config.json: /thresholds/etcd/latency/warnMs: must have required property 'reason'",
    ],
    [
      '{ "thresholds": { "etcd/latency": { "maxMs": { "value": 15, "reason": "why not" } } } }',
      'topo.config.json: /thresholds/etcd/latency/maxMs: etcd/latency has the thresholds warnMs, errorMs',
    ],
  ])('rejects %s with a message naming the place', (text, message) => {
    let error: unknown;
    try {
      parse(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    if (typeof message === 'string') expect((error as Error).message).toBe(message);
    else expect((error as Error).message).toMatch(message);
  });
});

describe('the CLI reads the nearest topo.config.json', () => {
  const TOPO =
    'region dc { zone a  zone b  zone c  rtt a b 12ms  rtt b c 1ms  rtt a c 12ms }\ncluster k { controlPlane { replicas 3  zones dc.a dc.b dc.c } }\n';

  function run(config: object | string | undefined): { code: number | null; stdout: string; stderr: string } {
    const dir = mkdtempSync(join(tmpdir(), 'topo-config-'));
    mkdirSync(join(dir, 'sites', 'east'), { recursive: true });
    writeFileSync(join(dir, 'sites', 'east', 'main.topo'), TOPO);
    if (config !== undefined)
      writeFileSync(join(dir, 'topo.config.json'), typeof config === 'string' ? config : JSON.stringify(config));
    const r = spawnSync(process.execPath, [CLI, 'validate', 'sites'], { cwd: dir, encoding: 'utf8' });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  it('without a config, 12 ms between etcd members is a warning', () => {
    expect(run(undefined).stdout).toMatch(/warning etcd\/latency etcd members of k are 12 ms apart/);
  });

  it('a raised threshold (with its reason) silences it; a rule turned off is gone', () => {
    expect(
      run({ thresholds: { 'etcd/latency': { warnMs: { value: 15, reason: 'measured p99 9 ms' } } } }).stdout,
    ).not.toMatch(/etcd\/latency/);
    expect(run({ rules: { 'etcd/latency': 'off' } }).stdout).not.toMatch(/etcd\/latency/);
    expect(run({ rules: { 'etcd/latency': 'error' } })).toMatchObject({
      code: 1,
      stdout: expect.stringMatching(/error etcd\/latency/),
    });
  });

  it('an invalid config is bad input: exit 2 with the file and the place', () => {
    const r = run('{ "rules": { "nope/nope": "off" } }');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/topo\.config\.json: \/rules\/nope\/nope: no such rule/);
  });
});
