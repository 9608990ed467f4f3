import type { Writable } from 'node:stream';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

/**
 * A ZIP archive written front to back (PKWARE APPNOTE 6.3: deflated entries with data
 * descriptors, UTF-8 names, no ZIP64), for XLSX files that are streamed, never held whole.
 *
 * An entry's data is compressed in pieces, each deflated on its own and ended with a sync
 * flush, the last with a final block: concatenated, the pieces are one valid deflate
 * stream, so the archive needs neither the whole entry in memory nor a compressor stream.
 */
export class ZipWriter {
  private offset = 0;
  private readonly entries: { name: Buffer; crc: number; compressed: number; size: number; offset: number }[] = [];
  private readonly dosTime: number;
  private readonly dosDate: number;

  constructor(
    private readonly out: Writable,
    private readonly level = 1,
    when = new Date(),
  ) {
    this.dosTime = (when.getHours() << 11) | (when.getMinutes() << 5) | (when.getSeconds() >> 1);
    this.dosDate = ((Math.max(when.getFullYear(), 1980) - 1980) << 9) | ((when.getMonth() + 1) << 5) | when.getDate();
  }

  /** Writes one entry; `fill` hands its data over in any number of pieces. */
  async entry(name: string, fill: (write: (data: string | Buffer) => Promise<void>) => Promise<void> | void): Promise<void> {
    const nameBytes = Buffer.from(name, 'utf8');
    const start = this.offset;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: deflate
    local.writeUInt16LE(FLAGS, 6);
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(this.dosTime, 10);
    local.writeUInt16LE(this.dosDate, 12);
    // CRC and sizes follow the data (flag bit 3).
    local.writeUInt16LE(nameBytes.length, 26);
    await this.push(Buffer.concat([local, nameBytes]));

    let crc = 0;
    let size = 0;
    let compressed = 0;
    // A piece is compressed on libuv's thread pool while the caller makes the next one (two
    // cores: one formats, one deflates); pieces are written in order, at most two in flight.
    let written: Promise<void> = Promise.resolve();
    const deflate = (data: Buffer, last: boolean): Promise<void> => {
      const piece = deflateRaw(data, { level: this.level, finishFlush: last ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH });
      const before = written;
      written = (async () => {
        const bytes = await piece;
        await before;
        compressed += bytes.length;
        await this.push(bytes);
      })();
      return before;
    };
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const write = async (data: string | Buffer) => {
      const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      crc = zlib.crc32(buf, crc);
      size += buf.length;
      pending.push(buf);
      pendingBytes += buf.length;
      // Pieces of half a megabyte: small ones would cost compression, large ones memory (measured: 1 MiB pieces with 256 KiB batches added 50 MB of peak RSS).
      if (pendingBytes >= PIECE) {
        const whole = Buffer.concat(pending);
        pending = [];
        pendingBytes = 0;
        await deflate(whole, false);
      }
    };
    await fill(write);
    await deflate(Buffer.concat(pending), true);
    await written;
    if (size > LIMIT || this.offset > LIMIT) throw new Error('导出文件超过 4 GB，请缩小筛选范围');

    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(crc >>> 0, 4);
    descriptor.writeUInt32LE(compressed, 8);
    descriptor.writeUInt32LE(size, 12);
    await this.push(descriptor);
    this.entries.push({ name: nameBytes, crc: crc >>> 0, compressed, size, offset: start });
  }

  /** The central directory and its end record; then the output stream is ended. */
  async finish(): Promise<void> {
    const dirStart = this.offset;
    for (const e of this.entries) {
      const h = Buffer.alloc(46);
      h.writeUInt32LE(0x02014b50, 0);
      h.writeUInt16LE(20, 4); // made by: MS-DOS / version 2.0
      h.writeUInt16LE(20, 6);
      h.writeUInt16LE(FLAGS, 8);
      h.writeUInt16LE(8, 10);
      h.writeUInt16LE(this.dosTime, 12);
      h.writeUInt16LE(this.dosDate, 14);
      h.writeUInt32LE(e.crc, 16);
      h.writeUInt32LE(e.compressed, 20);
      h.writeUInt32LE(e.size, 24);
      h.writeUInt16LE(e.name.length, 28);
      h.writeUInt32LE(e.offset, 42);
      await this.push(Buffer.concat([h, e.name]));
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(this.offset - dirStart, 12);
    end.writeUInt32LE(dirStart, 16);
    await this.push(end);
    await new Promise<void>((resolve, reject) => this.out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }

  private push(buf: Buffer): Promise<void> | void {
    this.offset += buf.length;
    if (!this.out.write(buf)) return new Promise((resolve) => this.out.once('drain', () => resolve()));
  }
}

/** Data descriptor (bit 3) and UTF-8 names (bit 11). */
const FLAGS = 0x0808;
const PIECE = 1 << 19;
const deflateRaw = promisify(zlib.deflateRaw);
const LIMIT = 0xffffffff;
