// Draws the app icon (resources/icons/icon.png, 512×512): a white figure-of-care mark, two
// overlapping circles, on the app's teal. Run by hand when the icon changes; electron-builder
// makes the Windows .ico and the Linux sizes from this PNG. No image library needed.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const N = 512;
const teal = [0x0f, 0x76, 0x6e];
const px = Buffer.alloc(N * (N * 4 + 1));
const inside = (x, y, cx, cy, r) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
for (let y = 0; y < N; y++) {
  px[y * (N * 4 + 1)] = 0; // filter: none
  for (let x = 0; x < N; x++) {
    const o = y * (N * 4 + 1) + 1 + x * 4;
    // A rounded square: transparent outside the corners.
    const r = 96;
    const cx = Math.min(Math.max(x, r), N - r);
    const cy = Math.min(Math.max(y, r), N - r);
    const inSquare = inside(x, y, cx, cy, r);
    const mark = inside(x, y, 206, 236, 110) || inside(x, y, 306, 296, 110);
    const hole = inside(x, y, 206, 236, 70) !== inside(x, y, 306, 296, 70);
    const white = mark && !hole;
    const [cr, cg, cb] = white ? [255, 255, 255] : teal;
    px[o] = cr;
    px[o + 1] = cg;
    px[o + 2] = cb;
    px[o + 3] = inSquare ? 255 : 0;
  }
}
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const sum = Buffer.alloc(4);
  sum.writeUInt32BE(crc(body));
  return Buffer.concat([len, body, sum]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(N, 0);
ihdr.writeUInt32BE(N, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(px)), chunk('IEND', Buffer.alloc(0))]);
writeFileSync(new URL('../resources/icons/icon.png', import.meta.url), png);
