import { ServiceError } from '../../../shared/contract';
import { checkReport, type TrustAnchors } from '../signing/check-report';

const badPdf = (message: string) => new ServiceError('BAD_INPUT', message, [{ path: 'pdfBase64', message }]);

/** A PDF someone brought to 验证报告, as bytes; anything else is refused at its field. */
export function uploadedPdf(pdfBase64: string): Buffer {
  const pdf = Buffer.from(pdfBase64, 'base64');
  if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw badPdf('这不是 PDF 文件');
  return pdf;
}

/** checkReport on a file from outside: one it cannot read is the person's input, not our failure. */
export function checkUploadedReport(pdf: Buffer, anchors: TrustAnchors): ReturnType<typeof checkReport> {
  try {
    return checkReport(pdf, anchors);
  } catch (err) {
    throw badPdf(`无法读取该 PDF 的签名：${err instanceof Error ? err.message : String(err)}`);
  }
}
