import { describe, expect, it } from 'vitest';
import { load, seed004 } from '../../test/support/index.js';
import { failureHover } from './failure-hover.js';

describe('failure hovers', () => {
  it('hover on a site: what its loss breaks, as markdown with numbers', async () => {
    const { model } = await load(seed004);
    expect(failureHover(model, 'dc-east')).toBe(
      [
        '**If dc-east fails**',
        '',
        '- cluster **ocp-east** loses quorum (0 of 3 control-plane members left, majority 2)',
        '- app **shop**: 3 of 6 replicas served, via dc-west',
        '- app **billing** DOWN: 0 of 2 replicas served: its only cluster ocp-east loses quorum (0 of 3 control-plane members left, majority 2)',
        '- `shop.example.com` fails over to lb-west after about 15 s',
        '- `billing.example.com`: no GSLB backend left',
        '- storage **orders** (app-async): application async replication: served from dc-west; writes made in dc-east and not yet replicated are unavailable until it returns; no DR needed',
        '- storage **ledger** (none): every site of its data fails (dc-east): unavailable; restore from the backup in dc-west (DR)',
        '- router **edge-east** down: all its zones fail (dc-east.az1, dc-east.az2, dc-east.az3)',
        '- load balancer **lb-east** down: all its zones fail (dc-east.az1, dc-east.az2)',
      ].join('\n'),
    );
  });

  it('hover on a zone: quorum kept with the figures', async () => {
    const { model } = await load(seed004);
    expect(failureHover(model, 'dc-west.az1', 'zone')).toBe(
      [
        '**If dc-west.az1 fails**',
        '',
        '- cluster **ocp-west** keeps quorum (2 of 3 control-plane members left, majority 2); 4 of 6 workers left',
        '- app **shop**: 6 of 6 replicas served, via dc-east, dc-west',
      ].join('\n'),
    );
    expect(failureHover(model, 'nowhere')).toBeUndefined();
  });

  it('hover on a zone nothing depends on', async () => {
    const { model } = await load('region dc provider openstack { zone az1 zone az2 }\n');
    expect(failureHover(model, 'dc.az1')).toBe('**If dc.az1 fails**: nothing declared depends on it.');
  });
});
