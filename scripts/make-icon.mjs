#!/usr/bin/env node
// Draws the extension's icon, images/icon.png (128×128 RGBA), without any image library:
// three availability zones (nodes) of one region, linked in a triangle, on a rounded square.
// Run again after changing it: node scripts/make-icon.mjs
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const SIZE = 128;
const SS = 4; // supersampling per axis, for anti-aliased edges
const OUT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'images', 'icon.png');

const hex = (h) => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16)];
const BG = hex('#1f2a44');
const BG2 = hex('#2c3e6b');
const LINK = hex('#9fb3d9');
const NODE = hex('#3ddc97');
const RING = hex('#e8f0ff');
const CORE = hex('#ffffff');

const c = SIZE / 2;
const r = 36; // node triangle radius
/** @type {[number, number][]} */
const nodes = [0, 1, 2].map((i) => {
  const a = -Math.PI / 2 + (i * 2 * Math.PI) / 3;
  return [c + r * Math.cos(a), c + 6 + r * Math.sin(a)];
});

function roundedRect(x, y, inset, radius) {
  const lo = inset,
    hi = SIZE - inset;
  const cx = Math.min(Math.max(x, lo + radius), hi - radius);
  const cy = Math.min(Math.max(y, lo + radius), hi - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2 && x >= lo && x <= hi && y >= lo && y <= hi;
}
function segDist(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax,
    dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}

/** Colour (RGBA 0..255) of one sample point. */
function sample(x, y) {
  if (!roundedRect(x, y, 2, 22)) return [0, 0, 0, 0];
  const t = y / SIZE; // vertical gradient
  let col = BG.map((v, i) => v + (BG2[i] - v) * t);
  for (let i = 0; i < 3; i++) {
    if (segDist(x, y, nodes[i], nodes[(i + 1) % 3]) <= 3.2) col = LINK;
  }
  // the quorum: a faint ring through the three nodes
  const d0 = Math.hypot(x - c, y - c - 6);
  if (Math.abs(d0 - r) <= 1.2) col = col.map((v, i) => v * 0.6 + LINK[i] * 0.4);
  for (const [nx, ny] of nodes) {
    const d = Math.hypot(x - nx, y - ny);
    if (d <= 15) col = RING;
    if (d <= 12) col = NODE;
    if (d <= 4.5) col = CORE;
  }
  return [...col, 255];
}

const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) {
  raw[y * (SIZE * 4 + 1)] = 0; // filter: none
  for (let x = 0; x < SIZE; x++) {
    const acc = [0, 0, 0, 0];
    for (let sy = 0; sy < SS; sy++)
      for (let sx = 0; sx < SS; sx++) {
        const s = sample(x + (sx + 0.5) / SS, y + (sy + 0.5) / SS);
        for (let k = 0; k < 3; k++) acc[k] += s[k] * s[3];
        acc[3] += s[3];
      }
    const o = y * (SIZE * 4 + 1) + 1 + x * 4;
    const a = acc[3] / (SS * SS);
    for (let k = 0; k < 3; k++) raw[o + k] = acc[3] ? Math.round(acc[k] / acc[3]) : 0;
    raw[o + 3] = Math.round(a);
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(SIZE, 0);
ihdr.writeUInt32BE(SIZE, 4);
ihdr[8] = 8;
ihdr[9] = 6; // 8-bit RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
fs.mkdirSync(path.dirname(OUT), { recursive: true });
fs.writeFileSync(OUT, png);
console.log(`${path.relative(process.cwd(), OUT)}: ${SIZE}×${SIZE}, ${png.length} bytes`);
