/**
 * A minimal DER/BER reader that keeps byte positions. Verification needs the exact bytes
 * of the signed attributes and of certificate fields, which ASN.1 libraries that decode to
 * objects (forge) do not keep.
 */
export interface Tlv {
  /** Identifier octet (single-byte tags only; CMS needs no more). */
  tag: number;
  /** Offset of the identifier octet. */
  start: number;
  /** Offset of the contents. */
  contentStart: number;
  /** Offset just past the contents (before the end-of-contents octets of indefinite BER). */
  contentEnd: number;
  /** Offset just past the whole element. */
  end: number;
}

export class DerError extends Error {}

export function readTlv(buf: Buffer, pos: number, limit = buf.length): Tlv {
  if (pos + 2 > limit) throw new DerError('ASN.1 数据被截断');
  const tag = buf[pos]!;
  if ((tag & 0x1f) === 0x1f) throw new DerError('不支持多字节 ASN.1 标签');
  let p = pos + 1;
  const first = buf[p++]!;
  if (first === 0x80) {
    // Indefinite length (BER, which some signers emit): children until 00 00.
    if (!(tag & 0x20)) throw new DerError('基本类型不能使用不定长编码');
    let q = p;
    while (q + 2 <= limit && !(buf[q] === 0 && buf[q + 1] === 0)) q = readTlv(buf, q, limit).end;
    if (q + 2 > limit) throw new DerError('不定长 ASN.1 数据没有结束标记');
    return { tag, start: pos, contentStart: p, contentEnd: q, end: q + 2 };
  }
  let len = first;
  if (first & 0x80) {
    const n = first & 0x7f;
    if (n > 4 || p + n > limit) throw new DerError('ASN.1 长度无效');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[p++]!;
  }
  if (p + len > limit) throw new DerError('ASN.1 数据被截断');
  return { tag, start: pos, contentStart: p, contentEnd: p + len, end: p + len };
}

export function children(buf: Buffer, tlv: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let p = tlv.contentStart; p < tlv.contentEnd; ) {
    const c = readTlv(buf, p, tlv.contentEnd);
    out.push(c);
    p = c.end;
  }
  return out;
}

export function bytes(buf: Buffer, tlv: Tlv): Buffer {
  return buf.subarray(tlv.start, tlv.end);
}

export function content(buf: Buffer, tlv: Tlv): Buffer {
  return buf.subarray(tlv.contentStart, tlv.contentEnd);
}

export function oid(buf: Buffer, tlv: Tlv): string {
  if (tlv.tag !== 0x06) throw new DerError('应为 OBJECT IDENTIFIER');
  const b = content(buf, tlv);
  const parts: number[] = [];
  let value = 0;
  for (const byte of b) {
    value = value * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      if (!parts.length) parts.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80);
      else parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

/** UTCTime (0x17) or GeneralizedTime (0x18) as a Date. */
export function time(buf: Buffer, tlv: Tlv): Date | null {
  const s = content(buf, tlv).toString('latin1');
  const m = tlv.tag === 0x17 ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/.exec(s) : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:\.\d+)?Z$/.exec(s);
  if (!m) return null;
  let year = Number(m[1]);
  if (tlv.tag === 0x17) year += year < 50 ? 2000 : 1900;
  return new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)));
}
