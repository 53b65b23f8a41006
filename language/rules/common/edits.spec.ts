import { describe, expect, it } from 'vitest';
import { applyEdits, load } from '../../../test/support/index.js';
import { setProps } from './edits.js';

/** Applies setProps to the control plane of the only cluster in `text`, and checks the result parses. */
async function write(text: string, items: Parameters<typeof setProps>[1]): Promise<string> {
  const { model } = await load(text);
  const edits = setProps(model.clusters[0]!.controlPlane, items);
  expect(edits).toBeDefined();
  const fixed = applyEdits(text, edits!);
  const after = await load(fixed);
  expect(after.diagnostics.filter((d) => d.severity === 1 && !String(d.code).includes('/'))).toEqual([]);
  return fixed;
}

const ADD = [{ prop: 'flavor', text: 'flavor "m1.xlarge"', note: 'sized for etcd' }];

describe('setProps', () => {
  it('replaces a property where it is written', async () => {
    expect(
      await write('cluster c {\n  controlPlane { replicas 5  flavor "x" }\n}\n', [
        { prop: 'replicas', text: 'replicas 3' },
      ]),
    ).toBe('cluster c {\n  controlPlane { replicas 3  flavor "x" }\n}\n');
  });

  it('adds inline, two spaces apart, to a single-line block (a note as a block comment)', async () => {
    expect(await write('cluster c {\n  controlPlane { replicas 3 }\n}\n', ADD)).toBe(
      'cluster c {\n  controlPlane { replicas 3  flavor "m1.xlarge"  /* sized for etcd */ }\n}\n',
    );
  });

  it('adds into an empty single-line block', async () => {
    expect(await write('cluster c {\n  controlPlane { }\n}\n', [{ prop: 'replicas', text: 'replicas 3' }])).toBe(
      'cluster c {\n  controlPlane { replicas 3 }\n}\n',
    );
  });

  it("adds a line with the block's indentation above a closing brace on its own line (a note as a line comment)", async () => {
    expect(await write('cluster c {\n  controlPlane {\n      replicas 3\n  }\n}\n', ADD)).toBe(
      'cluster c {\n  controlPlane {\n      replicas 3\n      flavor "m1.xlarge"  // sized for etcd\n  }\n}\n',
    );
  });

  it('adds a line after the content when the closing brace ends a line with content', async () => {
    expect(await write('cluster c {\n  controlPlane {\n    replicas 3 }\n}\n', ADD)).toBe(
      'cluster c {\n  controlPlane {\n    replicas 3\n    flavor "m1.xlarge"  /* sized for etcd */ }\n}\n',
    );
  });

  it('gives up when something must be added to a cluster without a controlPlane block', async () => {
    const { model } = await load('cluster c {\n  distribution kubernetes\n}\n');
    expect(setProps(model.clusters[0]!.controlPlane, [{ prop: 'replicas', text: 'replicas 3' }])).toBeUndefined();
  });
});
