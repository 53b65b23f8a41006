/** IPv4 CIDR arithmetic for parameters such as `cidrsubnet($subnet, 8, 1)` (Terraform's semantics). */

export function parseIPv4(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = value * 256 + n;
  }
  return value;
}

export function formatIPv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

export interface Cidr {
  base: number;
  prefix: number;
}

export function parseCidr(text: string): Cidr | undefined {
  const [ip, len, ...rest] = text.split('/');
  if (rest.length || ip === undefined || len === undefined || !/^\d{1,2}$/.test(len)) return undefined;
  const base = parseIPv4(ip);
  const prefix = Number(len);
  if (base === undefined || prefix > 32) return undefined;
  return { base, prefix };
}

/** The network address of a CIDR, e.g. 10.0.0.7/24 → 10.0.0.0/24. */
export function normalizeCidr(c: Cidr): Cidr {
  const size = 2 ** (32 - c.prefix);
  return { base: Math.floor(c.base / size) * size, prefix: c.prefix };
}

export function formatCidr(c: Cidr): string {
  return `${formatIPv4(c.base)}/${c.prefix}`;
}

/** Terraform's cidrsubnet(prefix, newbits, netnum). Throws with a readable message when impossible. */
export function cidrSubnet(prefix: string, newbits: number, netnum: number): string {
  const parsed = parseCidr(prefix);
  if (!parsed) throw new Error(`"${prefix}" is not an IPv4 CIDR`);
  const c = normalizeCidr(parsed);
  const length = c.prefix + newbits;
  if (!Number.isInteger(newbits) || newbits < 0 || length > 32) {
    throw new Error(`cannot add ${newbits} bits to the /${c.prefix} prefix of ${prefix} (at most ${32 - c.prefix})`);
  }
  if (!Number.isInteger(netnum) || netnum < 0 || netnum >= 2 ** newbits) {
    throw new Error(`network number ${netnum} does not fit in ${newbits} new bits (0–${2 ** newbits - 1})`);
  }
  return formatCidr({ base: c.base + netnum * 2 ** (32 - length), prefix: length });
}

/** Whether an address lies inside a CIDR. */
export function cidrContains(cidr: string, ip: string): boolean {
  const c = parseCidr(cidr);
  const a = parseIPv4(ip);
  if (!c || a === undefined) return false;
  const n = normalizeCidr(c);
  return a >= n.base && a < n.base + 2 ** (32 - n.prefix);
}

/** The n-th host address of a CIDR (OpenShift's default VIPs are the .5 and .7 of the machine network). */
export function hostAddress(cidr: string, n: number): string | undefined {
  const c = parseCidr(cidr);
  if (!c) return undefined;
  const base = normalizeCidr(c);
  if (n >= 2 ** (32 - base.prefix)) return undefined;
  return formatIPv4(base.base + n);
}

/** Terraform's cidrhost(prefix, hostnum). Throws with a readable message when impossible. */
export function cidrHost(prefix: string, hostnum: number): string {
  const parsed = parseCidr(prefix);
  if (!parsed) throw new Error(`"${prefix}" is not an IPv4 CIDR`);
  const c = normalizeCidr(parsed);
  const size = 2 ** (32 - c.prefix);
  if (!Number.isInteger(hostnum) || hostnum < 0 || hostnum >= size) {
    throw new Error(`host number ${hostnum} does not fit in ${prefix} (0–${size - 1})`);
  }
  return formatIPv4(c.base + hostnum);
}
