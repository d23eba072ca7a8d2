#!/usr/bin/env node
// Draws media/icon.png (the marketplace icon, 128x128; vsce refuses SVG icons): a white cloud with an
// upward arrow on a blue rounded square. Run once by hand when the design changes; the PNG is committed.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const N = 128;
const SS = 4; // supersampling per axis, for smooth edges
const px = new Uint8Array(N * N * 4);

const inRoundRect = (x, y, r) => {
  const cx = Math.min(Math.max(x, r), N - r);
  const cy = Math.min(Math.max(y, r), N - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const inCircle = (x, y, cx, cy, r) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const inCloud = (x, y) =>
  inCircle(x, y, 46, 72, 20) || inCircle(x, y, 68, 58, 26) || inCircle(x, y, 88, 74, 18) || (x >= 46 && x <= 88 && y >= 64 && y <= 92);
const inArrow = (x, y) => {
  const shaft = x >= 61 && x <= 75 && y >= 66 && y <= 90;
  const head = y >= 48 && y <= 68 && Math.abs(x - 68) <= (y - 48) * 0.95;
  return shaft || head;
};

for (let y = 0; y < N; y++) {
  for (let x = 0; x < N; x++) {
    let r = 0,
      g = 0,
      b = 0,
      a = 0;
    for (let sy = 0; sy < SS; sy++) {
      for (let sx = 0; sx < SS; sx++) {
        const fx = x + (sx + 0.5) / SS;
        const fy = y + (sy + 0.5) / SS;
        if (!inRoundRect(fx, fy, 24)) continue;
        a += 255;
        if (inCloud(fx, fy) && !inArrow(fx, fy)) {
          r += 255;
          g += 255;
          b += 255;
        } else {
          const t = fy / N;
          r += 20 + 10 * t;
          g += 110 - 40 * t;
          b += 220 - 40 * t;
        }
      }
    }
    const n = SS * SS;
    const i = (y * N + x) * 4;
    const alpha = a / n;
    px[i] = alpha ? Math.round(r / (a / 255)) : 0;
    px[i + 1] = alpha ? Math.round(g / (a / 255)) : 0;
    px[i + 2] = alpha ? Math.round(b / (a / 255)) : 0;
    px[i + 3] = Math.round(alpha);
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(N, 0);
ihdr.writeUInt32BE(N, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const rows = Buffer.alloc(N * (N * 4 + 1));
for (let y = 0; y < N; y++) {
  rows[y * (N * 4 + 1)] = 0;
  Buffer.from(px.buffer, y * N * 4, N * 4).copy(rows, y * (N * 4 + 1) + 1);
}
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(rows, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(new URL('../media/icon.png', import.meta.url), png);
process.stdout.write(`media/icon.png: ${png.length} bytes\n`);
