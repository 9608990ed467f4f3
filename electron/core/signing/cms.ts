import { createHash, sign as cryptoSign, type KeyObject } from 'node:crypto';
import { bytes, children, readTlv } from './der';

/**
 * A detached PKCS#7/CMS SignedData, byte for byte the shape @signpdf/signer-p12 makes with
 * forge (SHA-256, attributes contentType, signingTime, messageDigest in DER order, all
 * certificates included), but hashed and signed with Node's crypto: forge's pure-JS RSA
 * takes ~30 ms per signature, Node's ~1 ms, and a report carries two.
 */

function derLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v & 0xff);
  return Buffer.from([0x80 | out.length, ...out]);
}

function tlv(tag: number, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  return Buffer.concat([Buffer.from([tag]), derLength(body.length), body]);
}

const seq = (...parts: Buffer[]) => tlv(0x30, ...parts);
const set = (...parts: Buffer[]) => tlv(0x31, ...parts);

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const out: number[] = [a! * 40 + b!];
  for (const n of rest) {
    const chunk: number[] = [n & 0x7f];
    for (let v = Math.floor(n / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

const NULL = Buffer.from([0x05, 0x00]);
const VERSION_1 = Buffer.from([0x02, 0x01, 0x01]);

const OIDS = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
};

function utcTime(d: Date): Buffer {
  const p = (n: number) => String(n).padStart(2, '0');
  const year = d.getUTCFullYear();
  // RFC 5280: UTCTime through 2049, GeneralizedTime from 2050.
  const text =
    year < 2050
      ? `${p(year % 100)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`
      : `${year}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
  return tlv(year < 2050 ? 0x17 : 0x18, Buffer.from(text, 'latin1'));
}

/** issuer Name and serialNumber INTEGER of a certificate, as their DER elements. */
function issuerAndSerial(certDer: Buffer): Buffer {
  const tbs = children(certDer, readTlv(certDer, 0))[0]!;
  const tc = children(certDer, tbs);
  const k = tc[0]?.tag === 0xa0 ? 1 : 0;
  return seq(bytes(certDer, tc[k + 2]!), bytes(certDer, tc[k]!));
}

export interface CmsSignerInput {
  key: KeyObject;
  certDer: Buffer;
  chainDers: readonly Buffer[];
}

export function signDetached(content: Buffer, signer: CmsSignerInput, signingTime: Date): Buffer {
  if (signer.key.asymmetricKeyType !== 'rsa') throw new Error('只支持 RSA 签名密钥');
  const digest = createHash('sha256').update(content).digest();
  const attrs = Buffer.concat([
    seq(oid(OIDS.contentType), set(oid(OIDS.data))),
    seq(oid(OIDS.signingTime), set(utcTime(signingTime))),
    seq(oid(OIDS.messageDigest), set(tlv(0x04, digest))),
  ]);
  // The signature covers the attributes encoded as a SET OF; they are stored as [0] IMPLICIT.
  const signature = cryptoSign('sha256', tlv(0x31, attrs), signer.key);
  const digestAlgorithm = seq(oid(OIDS.sha256), NULL);
  const signerInfo = seq(VERSION_1, issuerAndSerial(signer.certDer), digestAlgorithm, tlv(0xa0, attrs), seq(oid(OIDS.rsaEncryption), NULL), tlv(0x04, signature));
  const signedData = seq(VERSION_1, set(digestAlgorithm), seq(oid(OIDS.data)), tlv(0xa0, signer.certDer, ...signer.chainDers), set(signerInfo));
  return seq(oid(OIDS.signedData), tlv(0xa0, signedData));
}
