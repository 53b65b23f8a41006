import { describe, expect, it } from 'vitest';
import { fletcher8, vrrpIds } from './vrrp.js';

describe('fletcher8 (baremetal-runtimecfg FletcherChecksum8)', () => {
  it('computes "cnf10-api" = 146 (worked by hand)', () => {
    // bytes  c=99 n=110 f=102 1=49 0=48 -=45 a=97 p=112 i=105; ckA, ckB start at 0
    //  'c' ckA = (0+99)  % 15 = 9    ckB = (0+9)  % 15 = 9
    //  'n' ckA = (9+110) % 15 = 14   ckB = (9+14) % 15 = 8
    //  'f' ckA = (14+102)% 15 = 11   ckB = (8+11) % 15 = 4
    //  '1' ckA = (11+49) % 15 = 0    ckB = (4+0)  % 15 = 4
    //  '0' ckA = (0+48)  % 15 = 3    ckB = (4+3)  % 15 = 7
    //  '-' ckA = (3+45)  % 15 = 3    ckB = (7+3)  % 15 = 10
    //  'a' ckA = (3+97)  % 15 = 10   ckB = (10+10)% 15 = 5
    //  'p' ckA = (10+112)% 15 = 2    ckB = (5+2)  % 15 = 7
    //  'i' ckA = (2+105) % 15 = 2    ckB = (7+2)  % 15 = 9
    //  result = (9 << 4) | 2 = 146, so the API VRID is 147
    expect(fletcher8('cnf10-api')).toBe(146);
  });

  it('matches other hand-checked values', () => {
    expect(fletcher8('')).toBe(0);
    expect(fletcher8('a')).toBe(0x77); // 97 % 15 = 7 in both halves
    expect(fletcher8('ostest')).toBe(0xee); // the largest possible value, 238
    expect(fletcher8(new TextEncoder().encode('cnf10-api'))).toBe(146);
  });

  it('wraps the uint8 sum before the modulo, like Go', () => {
    // "aa\u{10FFFF}" = bytes 97 97 244 143 191 191
    //  97: ckA 7, ckB 7;  97: ckA (7+97)%15 = 14, ckB 21%15 = 6
    //  244: 14+244 = 258 wraps to 2 in uint8 -> ckA 2 (not 258%15 = 3), ckB 8
    //  143: ckA 145%15 = 10, ckB 18%15 = 3;  191: ckA 201%15 = 6, ckB 9;  191: ckA 197%15 = 2, ckB 11
    //  result (11 << 4) | 2 = 178
    expect(fletcher8('aa\u{10FFFF}')).toBe(178);
  });

  it('never exceeds 0xEE', () => {
    for (let i = 0; i < 2000; i++) {
      const bytes = Uint8Array.from({ length: 1 + (i % 40) }, (_, k) => (i * 131 + k * 197) & 0xff);
      const v = fletcher8(bytes);
      expect(v & 0x0f).toBeLessThan(15);
      expect(v >> 4).toBeLessThan(15);
    }
  });
});

describe('vrrpIds (baremetal-runtimecfg Cluster.PopulateVRIDs)', () => {
  it('reproduces the upstream examples', () => {
    // openshift/installer docs/user/metal/install_ipi.md, commit a44f12bb4a68c904076f7126f246bc36b2b3237d:
    //   vr-ids cnf10 -> APIVirtualRouterID: 147, DNSVirtualRouterID: 158, IngressVirtualRouterID: 2
    //   vr-ids cnf11 -> APIVirtualRouterID: 228, DNSVirtualRouterID: 239, IngressVirtualRouterID: 147
    // (the DNS VRID of that era no longer exists; API and ingress are computed as today)
    expect(vrrpIds('cnf10')).toEqual({ api: 147, ingress: 2 });
    expect(vrrpIds('cnf11')).toEqual({ api: 228, ingress: 147 });
    // ...and the doc's point: cnf10's API VRID equals cnf11's ingress VRID.
    expect(vrrpIds('cnf10').api).toBe(vrrpIds('cnf11').ingress);
  });

  it('computes more vectors', () => {
    expect(vrrpIds('ostest')).toEqual({ api: 14, ingress: 93 });
    expect(vrrpIds('test')).toEqual({ api: 13, ingress: 28 });
    expect(vrrpIds('mycluster')).toEqual({ api: 74, ingress: 137 });
    expect(vrrpIds('ocp')).toEqual({ api: 23, ingress: 134 });
    expect(vrrpIds('prod-east')).toEqual({ api: 123, ingress: 10 });
    expect(vrrpIds('prod-west')).toEqual({ api: 227, ingress: 82 });
  });

  it('rejects an empty name like upstream', () => {
    expect(() => vrrpIds('')).toThrow("Cluster name can't be empty");
  });

  it('IDs are 1..239 and the api/ingress collision branch cannot trigger', () => {
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789-';
    for (const a of alphabet) {
      for (const b of alphabet) {
        for (const name of [a, a + b, `cluster-${a}${b}`]) {
          const { api, ingress } = vrrpIds(name);
          expect(api).toBeGreaterThanOrEqual(1);
          expect(api).toBeLessThanOrEqual(239);
          expect(fletcher8(name + '-ingress') + 1).toBe(ingress); // never bumped
          expect(ingress).not.toBe(api);
        }
      }
    }
  });
});
