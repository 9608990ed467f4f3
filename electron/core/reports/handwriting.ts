import { deflateSync } from 'node:zlib';
import { mulberry32 } from '../../../shared/util/prng';
// PNG chunks use the same CRC-32 as ZIP entries.
import { crc32 } from '../../../shared/util/zip';

/**
 * Synthetic handwriting-like signature images (RGBA PNG, transparent background,
 * anti-aliased pen strokes), as a signature pad's canvas exports them. For the demo report,
 * the tests and the size benchmarks; nothing here is anyone's signature.
 */


function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** RGBA pixels (row-major, 4 bytes each) to a PNG file. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    // Filter "Sub" per row, as browsers' encoders mostly pick for line art.
    const out = y * (stride + 1);
    raw[out] = 1;
    for (let x = 0; x < stride; x++) {
      const v = rgba[y * stride + x]!;
      const left = x >= 4 ? rgba[y * stride + x - 4]! : 0;
      raw[out + 1 + x] = (v - left) & 0xff;
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 6 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export interface SignatureImageOptions {
  width?: number;
  height?: number;
  /** How many pen-down strokes (roughly characters); default 3. */
  glyphs?: number;
}

/** A deterministic squiggle for `seed`: the same seed gives the same bytes. */
export function syntheticSignaturePng(seed: number, options: SignatureImageOptions = {}): Buffer {
  const width = options.width ?? 600;
  const height = options.height ?? 200;
  const glyphs = options.glyphs ?? 3;
  const rand = mulberry32(seed);
  const alpha = new Float32Array(width * height);

  const stamp = (cx: number, cy: number, r: number) => {
    const x0 = Math.max(0, Math.floor(cx - r - 1));
    const x1 = Math.min(width - 1, Math.ceil(cx + r + 1));
    const y0 = Math.max(0, Math.floor(cy - r - 1));
    const y1 = Math.min(height - 1, Math.ceil(cy + r + 1));
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const d = Math.hypot(x + 0.5 - cx, y + 0.5 - cy);
        const a = Math.min(1, Math.max(0, r + 0.5 - d));
        const i = y * width + x;
        if (a > alpha[i]!) alpha[i] = a;
      }
    }
  };

  const margin = width * 0.06;
  const cell = (width - 2 * margin) / glyphs;
  for (let g = 0; g < glyphs; g++) {
    // Each "character": a pen path through random control points, drawn as Catmull-Rom.
    const pts: Array<[number, number]> = [];
    const n = 7 + Math.floor(rand() * 6);
    const left = margin + g * cell;
    for (let k = 0; k < n; k++) {
      pts.push([left + (k / (n - 1)) * cell * 0.9 + (rand() - 0.5) * cell * 0.35, height * (0.2 + rand() * 0.6)]);
    }
    let pen = 2.2 + rand() * 1.2;
    for (let k = 0; k + 3 < pts.length; k++) {
      const [p0, p1, p2, p3] = [pts[k]!, pts[k + 1]!, pts[k + 2]!, pts[k + 3]!];
      const steps = Math.ceil(Math.hypot(p2[0] - p1[0], p2[1] - p1[1]) * 1.5) + 1;
      for (let s = 0; s <= steps; s++) {
        const t = s / steps;
        const t2 = t * t;
        const t3 = t2 * t;
        const x = 0.5 * (2 * p1[0] + (-p0[0] + p2[0]) * t + (2 * p0[0] - 5 * p1[0] + 4 * p2[0] - p3[0]) * t2 + (-p0[0] + 3 * p1[0] - 3 * p2[0] + p3[0]) * t3);
        const y = 0.5 * (2 * p1[1] + (-p0[1] + p2[1]) * t + (2 * p0[1] - 5 * p1[1] + 4 * p2[1] - p3[1]) * t2 + (-p0[1] + 3 * p1[1] - 3 * p2[1] + p3[1]) * t3);
        // Pressure drifts along the stroke like a real pen.
        pen = Math.min(4, Math.max(1.4, pen + (rand() - 0.5) * 0.15));
        stamp(x, y, pen);
      }
    }
  }
  // A final underline flourish.
  for (let x = margin; x < width - margin; x += 0.7) {
    stamp(x, height * 0.85 + Math.sin(x / 37 + seed) * 6, 1.6);
  }

  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const a = Math.round(alpha[i]! * 255);
    if (!a) continue;
    rgba[i * 4] = 18;
    rgba[i * 4 + 1] = 28;
    rgba[i * 4 + 2] = 72;
    rgba[i * 4 + 3] = a;
  }
  return encodePng(width, height, rgba);
}
