/** Unit literals of the language (`1.2ms`, `5s`, `100GiB`, `10Gbps`) as plain numbers. */

const DURATION_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const SIZE_GIB: Record<string, number> = {
  MiB: 1 / 1024,
  GiB: 1,
  TiB: 1024,
  MB: 1e6 / 2 ** 30,
  GB: 1e9 / 2 ** 30,
  TB: 1e12 / 2 ** 30,
};

function split(text: string): [number, string] | undefined {
  const m = /^(\d+(?:\.\d+)?)([A-Za-z%]+)$/.exec(text.trim());
  return m ? [Number(m[1]), m[2]!] : undefined;
}

/** The number of a literal times its unit's factor in `factors`; undefined for another unit. */
function scaled(text: string | undefined, factors: Record<string, number>): number | undefined {
  if (text === undefined) return undefined;
  const parts = split(text);
  if (!parts) return undefined;
  const factor = factors[parts[1]];
  return factor === undefined ? undefined : parts[0] * factor;
}

/** `1.2ms` → 1.2, `5s` → 5000. */
export function durationMs(text: string | undefined): number | undefined {
  return scaled(text, DURATION_MS);
}

/** `100GiB` → 100, `1TiB` → 1024, `100GB` → 93.13 (GiB). */
export function sizeGiB(text: string | undefined): number | undefined {
  return scaled(text, SIZE_GIB);
}

/** `512MiB` → 536870912, `1GB` → 1e9. */
export function sizeBytes(text: string | undefined): number | undefined {
  const gib = sizeGiB(text);
  return gib === undefined ? undefined : Math.round(gib * 2 ** 30);
}

/** `70%` → 70. */
export function percent(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)%$/.exec(text.trim());
  return m ? Number(m[1]) : undefined;
}

/** Formats milliseconds as etcd's docs do: 0.8 ms, 38 ms, 1500 ms. */
export function formatMs(ms: number): string {
  return `${Number(ms.toFixed(2))} ms`;
}
