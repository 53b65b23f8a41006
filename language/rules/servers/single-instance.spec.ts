import { describe, expect, it } from 'vitest';
import { applyFix, messages, only, region } from '../../../test/support/index.js';

const RULE = 'servers/single-instance';
const dc = region('dc', 3);

describe('servers/single-instance', () => {
  it('warns for one database VM, and offers two in two zones on different hosts', async () => {
    const text = `${dc}servers db { role database  count 1  zone dc.az1 }\n`;
    const f = await only(RULE, text);
    expect(f.severity).toBe('warning');
    expect(f.message).toBe(
      "servers db is the only database VM: its host's or its zone's failure stops the database service; run at least two, in two zones, on different hosts",
    );
    expect(f.fixes![0]!.title).toBe('Run 2 VMs of db in dc.az1 and dc.az2, on different hosts');
    const fixed = await applyFix(RULE, text, f.fixes![0]);
    expect(fixed).toContain('servers db { role database  count 2  zones dc.az1 dc.az2  antiAffinity }');
  });

  it('counts groups of one role in one project together: two one-VM proxies in two zones are a pair (seed 000)', async () => {
    const text = `${dc}project dmz { role dmz }\nservers proxy-a in dmz { role proxy  count 1  zone dc.az1 }\nservers proxy-b in dmz { role proxy  count 1  zone dc.az2 }\n`;
    expect(await messages(RULE, text)).toEqual([]);
  });

  it('warns when every instance of the role sits in one zone (2 in az1), and spreads them', async () => {
    const text = `${dc}servers nfs { role nfs  count 2  zone dc.az1  antiAffinity }\n`;
    const f = await only(RULE, text);
    expect(f.message).toBe(
      'all 2 nfs VMs (servers nfs) are in dc.az1: losing that zone stops the nfs service although region dc has 3 zones',
    );
    expect(await applyFix(RULE, text, f.fixes![0])).toContain(
      'servers nfs { role nfs  count 2  zones dc.az1 dc.az2  antiAffinity }',
    );
  });

  it('warns for several VMs without anti-affinity, and adds it', async () => {
    const text = `${dc}servers vpn { role vpn  count 2  zones dc.az1 dc.az2 }\n`;
    const f = await only(RULE, text);
    expect(f.message).toBe(
      'servers vpn (2 vpn VMs) have no antiAffinity: Nova may run them on one compute host, whose failure takes them all',
    );
    expect(await applyFix(RULE, text, f.fixes![0])).toContain(
      'servers vpn { role vpn  count 2  zones dc.az1 dc.az2  antiAffinity }',
    );
  });

  it('treats the VMs a load balancer runs on (`via`) as haproxy, and ignores other roles', async () => {
    const lb = `${dc}servers lbvm { count 1  zone dc.az1 }\nloadBalancer edge { provider haproxy  via lbvm }\n`;
    expect(await messages(RULE, lb)).toHaveLength(1);
    expect(await messages(RULE, `${dc}servers jump { role bastion  count 1  zone dc.az1 }\n`)).toEqual([]);
  });

  it('is quiet for two VMs in two zones with anti-affinity', async () => {
    expect(
      await messages(RULE, `${dc}servers db { role database  count 2  zones dc.az1 dc.az2  antiAffinity }\n`),
    ).toEqual([]);
  });
});
