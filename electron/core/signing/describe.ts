import type { SignatureCheck } from './verify';

/** Chinese wording of verification results, shared by `yiyang verify` and the verify page. */

/**
 * One signature's standing in a report:
 * - `valid`: intact, by the assessor the report names for it, and trusted;
 * - `changed`: what it signed was changed (in its range, its padding, or after it);
 * - `invalid`: unreadable, a broken value, or not the certificate of the assessor it stands for;
 * - `untrusted`: intact, but the certificate is not this institution's;
 * - `unchecked`: intact, but there was nothing to check the certificate against.
 */
export type SignatureStatus = 'valid' | 'changed' | 'invalid' | 'untrusted' | 'unchecked';

export const STATUS_TEXT: Record<SignatureStatus, string> = {
  valid: '有效',
  changed: '已更改',
  invalid: '无效',
  untrusted: '不受信任',
  unchecked: '签名人未核验',
};

/** What the signer was checked against: the CA given, only the certificates stored here, or nothing. */
export type TrustBasis = 'ca' | 'registry' | 'none';

/** The first sentence of a list, with how many more there are. */
export function firstOf(texts: readonly string[]): string {
  return texts.length > 1 ? `${texts[0]}等 ${texts.length} 处` : (texts[0] ?? '');
}

export function afterText(s: SignatureCheck): string {
  if (s.coversWholeDocument) return '之后文档未被修改';
  if (s.laterSignatureCovers) return '之后仅追加了后续签名';
  if (s.changesAfter.length) return `之后文档被修改（${firstOf(s.changesAfter)}）`;
  return `之后文档被修改（签名后追加了 ${s.bytesAfter} 字节，未被任何签名覆盖）`;
}

export function signatureValid(s: SignatureCheck): boolean {
  return s.digestValid && s.signatureValid && !s.problem;
}

export interface LineContext {
  status: SignatureStatus;
  basis: TrustBasis;
  registered: boolean;
  /** The assessor the report names for this signature, e.g. 评估人员（1）张丽华. */
  assessor: string | null;
  /** Why the signature does not stand for that assessor. */
  assessorProblem: string | null;
}

function trustText(s: SignatureCheck, c: LineContext): string {
  if (c.basis === 'none') return '签名人未核验（未指定机构 CA）';
  if (s.trusted) return '证书受信任（由指定 CA 签发）';
  if (c.registered) return '证书为本机登记的证书';
  return c.basis === 'ca' ? `证书不受信任（${s.trustProblem ?? '无法建立证书链'}）` : '证书不是本机构登记的证书';
}

/** One line per signature, as printed by `verify` and `demo-report` and shown on the verify page. */
export function signatureLine(s: SignatureCheck, c: LineContext): string {
  return [
    `签名 ${s.index}：签名人 ${s.signerCommonName ? `CN=${s.signerCommonName}` : s.name ? `（签名字典）${s.name}` : '未知'}`,
    `时间 ${s.signingTime ?? '未知'}`,
    signatureValid(s) ? '签名有效' : `签名无效（${s.problem ?? '校验失败'}）`,
    afterText(s),
    ...(c.assessorProblem ? [`签名人不符（${c.assessorProblem}）`] : c.assessor ? [c.assessor] : []),
    trustText(s, c),
    `结果：${STATUS_TEXT[c.status]}`,
  ].join('；');
}
