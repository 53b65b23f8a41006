import { describe, expect, it } from 'vitest';
import { load, topologyFiles, topologyFolders } from '../../test/support/index.js';
import { infrastructureView } from '../model/memo.js';
import { generate } from './index.js';

describe('the generators validation runs', () => {
  // Validation asks the OpenShift, HEAT and Terraform generators for their refusals on the
  // model without its apps, once per infrastructure (preconditions.ts). A generator that read
  // the apps would throw there, and its throw would surface only as an internal problem, which
  // validation does not show: its refusals would silently go missing.
  it.each(topologyFolders())('read the infrastructure alone: %s', async (folder) => {
    const { model } = await load(topologyFiles(folder));
    const onView = generate(infrastructureView(model), {
      checkOnly: true,
      targets: ['openshift', 'heat', 'terraform'],
    }).problems;
    expect(onView.filter((p) => p.code.endsWith('/internal'))).toEqual([]);
    const onModel = generate(model, { checkOnly: true, targets: ['openshift', 'heat', 'terraform'] }).problems;
    expect(onView).toEqual(onModel);
  });
});
