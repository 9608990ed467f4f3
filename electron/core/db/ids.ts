import { randomBytes } from 'node:crypto';

let lastMs = 0;
let counter = 0;
// One call to the CSPRNG per 256 ids: drawing 16 bytes at a time dominated bulk seeding.
const POOL = 4096;
let pool = Buffer.alloc(0);
let poolAt = POOL;

function random16(): Buffer {
  if (poolAt >= POOL) {
    pool = randomBytes(POOL);
    poolAt = 0;
  }
  const out = Buffer.from(pool.subarray(poolAt, poolAt + 16));
  poolAt += 16;
  return out;
}

/**
 * A UUID version 7 (RFC 9562): 48-bit Unix milliseconds, then random bits. Same text
 * form as crypto.randomUUID(), but ids made close in time sort close together, so
 * inserts land on the same few B-tree pages instead of scattering across every
 * primary-key and foreign-key index. A
 * 12-bit counter keeps ids of the same millisecond in creation order.
 */
export function newId(): string {
  let ms = Date.now();
  if (ms <= lastMs) {
    ms = lastMs;
    counter++;
    if (counter > 0xfff) {
      lastMs = ++ms;
      counter = 0;
    }
  } else {
    lastMs = ms;
    counter = 0;
  }
  const b = random16();
  b.writeUIntBE(ms, 0, 6);
  b[6] = 0x70 | (counter >>> 8);
  b[7] = counter & 0xff;
  b[8] = 0x80 | (b[8]! & 0x3f);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
