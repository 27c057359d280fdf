// Draws images/icon.png (128x128): a "Q" ring with a tail on the dark blue of the gallery banner,
// written as a PNG by hand so that no image tool is needed.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const N = 128;
const bg = [0x1e, 0x2a, 0x38];
const fg = [0xe8, 0x3b, 0x46];
const white = [0xff, 0xff, 0xff];
const px = Buffer.alloc(N * (N * 4 + 1));
for (let y = 0; y < N; y++) {
  px[y * (N * 4 + 1)] = 0; // filter: none
  for (let x = 0; x < N; x++) {
    const cx = x - 60, cy = y - 60;
    const r = Math.hypot(cx, cy);
    // rounded-square background
    const dx = Math.max(Math.abs(x - 63.5) - 44, 0), dy = Math.max(Math.abs(y - 63.5) - 44, 0);
    const inside = Math.hypot(dx, dy) <= 18;
    let c = inside ? bg : null;
    if (inside && r >= 26 && r <= 38) c = white;
    const t = (x - y) / Math.SQRT2;
    const along = (x + y) / Math.SQRT2;
    if (inside && Math.abs(t) <= 6 && along >= 100 && along <= 138) c = fg;
    const o = y * (N * 4 + 1) + 1 + x * 4;
    if (c) { px[o] = c[0]; px[o + 1] = c[1]; px[o + 2] = c[2]; px[o + 3] = 255; }
  }
}
const crcTable = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
const crc = (buf) => { let c = 0xffffffff; for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
const chunk = (type, data) => { const len = Buffer.alloc(4); len.writeUInt32BE(data.length); const td = Buffer.concat([Buffer.from(type), data]); const c = Buffer.alloc(4); c.writeUInt32BE(crc(td)); return Buffer.concat([len, td, c]); };
const ihdr = Buffer.alloc(13); ihdr.writeUInt32BE(N, 0); ihdr.writeUInt32BE(N, 4); ihdr[8] = 8; ihdr[9] = 6; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
const png = Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(px)), chunk('IEND', Buffer.alloc(0))]);
writeFileSync(new URL('../images/icon.png', import.meta.url), png);
