import { describe, expect, it } from 'vitest';
import { load } from '../../test/support/index.js';
import { enclosingElement, elementKey, elementKeyAt } from './elements.js';

const text = `region dc provider openstack { zone az1 zone az2 zone az3 rtt az1 az2 1ms rtt az2 az3 1ms rtt az1 az3 1ms }
rtt dc dc 1ms
cluster ocp {
  controlPlane { replicas 3  zones dc.az1 dc.az2 }
}
app shop {
  clusters ocp  replicas 2
  storage orders { pattern none }
}
`;

const at = (line: number, character: number) => ({
  uri: 'file:///ws/main.topo',
  range: { start: { line, character }, end: { line, character: character + 1 } },
});

describe('element keys', () => {
  it('name an element by kind and name, a zone by its qualified id', async () => {
    const { model } = await load(text);
    expect(elementKey(model.clusters[0]!)).toBe('cluster ocp');
    expect(elementKey(model.zones[1]!)).toBe('zone dc.az2');
    expect(elementKey(model.storages[0]!)).toBe('storage orders');
  });

  it('find the innermost element whose block holds a place', async () => {
    const { model } = await load(text);
    expect(elementKeyAt(model, at(3, 30))).toBe('cluster ocp'); // in controlPlane { ... }
    expect(elementKeyAt(model, at(7, 22))).toBe('storage orders'); // inside the app's storage block
    expect(elementKeyAt(model, at(6, 3))).toBe('app shop');
    expect(elementKeyAt(model, at(0, 33))).toBe('zone dc.az1');
    expect(elementKeyAt(model, at(0, 60))).toBe('region dc'); // an rtt line inside the region
    expect(enclosingElement(model, at(1, 0))).toBeUndefined(); // a top-level rtt line
    expect(enclosingElement(model, { ...at(3, 30), uri: 'file:///ws/other.topo' })).toBeUndefined();
  });

  it('are set on every rule finding, so a finding is known by what it concerns, not by its line', async () => {
    const { findings } = await load(text);
    const zoneLoss = findings.find((f) => f.ruleId === 'quorum/zone-loss');
    expect(zoneLoss?.element).toBe('cluster ocp');
    expect(findings.find((f) => f.ruleId === 'storage/no-dr')?.element).toBe('storage orders');
  });
});
