import { describe, expect, it } from 'vitest';
import { diffFindings } from './findings.js';

const f = (ruleId: string, element: string | undefined, message: string, line = 1, severity = 'error') => ({
  ruleId,
  element,
  message,
  line,
  severity,
});

describe('findings matched by rule and element', () => {
  it('a finding that only moved (another line) is the same finding', () => {
    const d = diffFindings(
      [f('quorum/zone-loss', 'cluster ocp', 'loses quorum if a fails', 10)],
      [f('quorum/zone-loss', 'cluster ocp', 'loses quorum if a fails', 42)],
    );
    expect(d.added).toEqual([]);
    expect(d.resolved).toEqual([]);
    expect(d.unchanged.map((p) => [p.base.line, p.head.line])).toEqual([[10, 42]]);
  });

  it('the same rule on another element is one resolved and one added', () => {
    const d = diffFindings([f('quorum/zone-loss', 'cluster a', 'x')], [f('quorum/zone-loss', 'cluster b', 'x')]);
    expect(d.resolved.map((x) => x.element)).toEqual(['cluster a']);
    expect(d.added.map((x) => x.element)).toEqual(['cluster b']);
  });

  it('several findings of one rule on one element pair by message first, then in order; the rest are added or resolved', () => {
    const base = [
      f('ref/undeclared-rtt', 'cluster k', 'no rtt a-b'),
      f('ref/undeclared-rtt', 'cluster k', 'no rtt a-c'),
    ];
    const head = [
      f('ref/undeclared-rtt', 'cluster k', 'no rtt a-c'),
      f('ref/undeclared-rtt', 'cluster k', 'no rtt b-c'),
      f('ref/undeclared-rtt', 'cluster k', 'no rtt c-d'),
    ];
    const d = diffFindings(base, head);
    expect(d.unchanged.map((p) => [p.base.message, p.head.message])).toEqual([
      ['no rtt a-c', 'no rtt a-c'],
      ['no rtt a-b', 'no rtt b-c'],
    ]);
    expect(d.added.map((x) => x.message)).toEqual(['no rtt c-d']);
    expect(d.resolved).toEqual([]);
  });

  it('a warning that became an error is changed, not added', () => {
    const d = diffFindings(
      [f('etcd/latency', 'cluster k', '12 ms apart', 3, 'warning')],
      [f('etcd/latency', 'cluster k', '60 ms apart', 3, 'error')],
    );
    expect(d.changed.map((p) => [p.base.severity, p.head.severity])).toEqual([['warning', 'error']]);
    expect(d.added).toEqual([]);
  });

  it('without an element only the same message matches', () => {
    const d = diffFindings(
      [f('syntax/parse', undefined, "found 'netwrk'")],
      [f('syntax/parse', undefined, "found 'clustr'")],
    );
    expect(d.added).toHaveLength(1);
    expect(d.resolved).toHaveLength(1);
  });
});
