import type { SignatureCheck, VerifyReport } from './verify';

/** Chinese wording of verification results, shared by `yiyang verify` and the verify page. */

export function afterText(s: SignatureCheck): string {
  if (s.coversWholeDocument) return '之后文档未被修改';
  if (s.laterSignatureCovers) return '之后文档有修改（后续签名）';
  return `之后文档被修改（签名后追加了 ${s.bytesAfter} 字节，未被任何签名覆盖）`;
}

export function signatureValid(s: SignatureCheck): boolean {
  return s.digestValid && s.signatureValid && !s.problem;
}

/** One line per signature, as printed by `verify` and `demo-report`. */
export function signatureLines(report: VerifyReport, withTrust: boolean): string[] {
  return report.signatures.map((s) => {
    const parts = [
      `签名 ${s.index}：签名人 ${s.signerCommonName ? `CN=${s.signerCommonName}` : s.name ? `（签名字典）${s.name}` : '未知'}`,
      `时间 ${s.signingTime ?? '未知'}`,
      s.digestValid && s.signatureValid && !s.problem ? '签名有效' : `签名无效（${s.problem ?? '校验失败'}）`,
      afterText(s),
    ];
    if (withTrust) parts.push(s.trusted ? '证书受信任（由指定 CA 签发）' : `证书不受信任（${s.trustProblem ?? '无法建立证书链'}）`);
    return parts.join('；');
  });
}

export function conclusionLine(report: VerifyReport, withTrust: boolean): string {
  if (report.ok) return `结论：全部签名有效${withTrust ? '且受信任' : ''}，最后一个签名之后文档未被修改`;
  const invalid = report.signatures.filter((s) => !(s.digestValid && s.signatureValid && !s.problem));
  if (invalid.length) return `结论：验证失败，签名 ${invalid.map((s) => s.index).join('、')} 无效：签名后文档被修改或签名已损坏`;
  const last = report.signatures[report.signatures.length - 1];
  if (last && !last.coversWholeDocument) return '结论：验证失败，最后一个签名之后文档被修改';
  return '结论：验证失败，签名证书不受指定 CA 信任';
}
