import { describe, expect, it } from 'vitest';
import { cidrContains, cidrHost, cidrSubnet, hostAddress } from './cidr.js';
import { durationMs, formatMs, percent, sizeGiB } from './units.js';

describe('unit literals', () => {
  it('converts durations to milliseconds', () => {
    expect([durationMs('1.2ms'), durationMs('5s'), durationMs('2m'), durationMs('1h'), durationMs('5')]).toEqual([
      1.2,
      5000,
      120000,
      3600000,
      undefined,
    ]);
  });
  it('converts sizes to GiB', () => {
    expect([sizeGiB('100GiB'), sizeGiB('1TiB'), sizeGiB('512MiB')]).toEqual([100, 1024, 0.5]);
    expect(sizeGiB('100GB')).toBeCloseTo(93.13, 2);
  });
  it('reads percentages and formats milliseconds', () => {
    expect(percent('70%')).toBe(70);
    expect([formatMs(38), formatMs(1.25), formatMs(1500), formatMs(0.333)]).toEqual([
      '38 ms',
      '1.25 ms',
      '1500 ms',
      '0.33 ms',
    ]);
  });
});

describe('CIDR arithmetic', () => {
  it('computes cidrsubnet as Terraform does', () => {
    expect(cidrSubnet('10.20.0.0/16', 8, 1)).toBe('10.20.1.0/24');
    expect(cidrSubnet('10.20.0.0/16', 4, 15)).toBe('10.20.240.0/20');
    expect(cidrSubnet('172.16.0.0/12', 4, 2)).toBe('172.18.0.0/16');
    expect(() => cidrSubnet('10.0.0.0/24', 8, 256)).toThrow('network number 256 does not fit in 8 new bits (0–255)');
  });
  it('computes cidrhost as Terraform does', () => {
    expect(cidrHost('10.20.1.0/24', 10)).toBe('10.20.1.10');
    expect(cidrHost('10.20.0.0/16', 258)).toBe('10.20.1.2');
    expect(() => cidrHost('10.0.0.0/30', 4)).toThrow('host number 4 does not fit in 10.0.0.0/30 (0–3)');
  });

  it('finds host addresses and containment', () => {
    expect(hostAddress('10.0.0.0/16', 5)).toBe('10.0.0.5');
    expect(cidrContains('10.0.0.0/24', '10.0.0.200')).toBe(true);
    expect(cidrContains('10.0.0.0/24', '10.0.1.1')).toBe(false);
  });
});
