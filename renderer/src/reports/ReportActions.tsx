import { Alert, App, Button, Modal, Space } from 'antd';
import { useEffect, useState } from 'react';
import type { AssessmentRecord } from '../../../shared/contract';
import { useApi } from '../api/context';
import { errorMessage } from '../app/errors';
import { base64ToBytes, pdfBlobUrl, printPdf, saveBytes } from '../app/files';
import { SignDialog } from './SignDialog';
import { usePrintReportCommand } from '../app/print-command';

interface ReportFile {
  bytes: Uint8Array<ArrayBuffer>;
  fileName: string;
  missingGlyphs: string[];
}

/**
 * 预览报告 / 打印 / 保存 PDF for a finished assessment, and 签名 while it is finalized (writers
 * only). Before signing these show the report as it will be signed (blank signature boxes);
 * afterwards, the stored signed file itself.
 */
export function ReportActions({ record, canWrite, onSigned }: { record: AssessmentRecord; canWrite: boolean; onSigned(record: AssessmentRecord): void }) {
  const api = useApi();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<null | 'preview' | 'print' | 'save'>(null);
  const [preview, setPreview] = useState<{ url: string; file: ReportFile } | null>(null);
  const [signing, setSigning] = useState(false);
  const signed = record.status === 'signed';

  useEffect(() => () => (preview ? URL.revokeObjectURL(preview.url) : undefined), [preview]);

  const load = async (): Promise<ReportFile> => {
    if (signed) {
      const r = await api.call('reports.download', { assessmentId: record.id });
      return { bytes: base64ToBytes(r.pdfBase64), fileName: r.fileName, missingGlyphs: [] };
    }
    const r = await api.call('reports.preview', { assessmentId: record.id });
    return { bytes: base64ToBytes(r.pdfBase64), fileName: r.fileName, missingGlyphs: r.missingGlyphs };
  };

  const run = async (what: 'preview' | 'print' | 'save', fn: (file: ReportFile) => Promise<void> | void) => {
    setBusy(what);
    try {
      await fn(await load());
    } catch (e) {
      void message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  // 文件 › 打印报告 in the desktop menu: the file on preview, else this assessment's report.
  usePrintReportCommand(() => {
    if (preview) void printPdf(preview.file.bytes).catch((e: unknown) => void message.error(errorMessage(e)));
    else if (!busy) void run('print', (file) => printPdf(file.bytes));
  });

  return (
    <>
      <Space wrap>
        <Button loading={busy === 'preview'} onClick={() => void run('preview', (file) => setPreview({ url: pdfBlobUrl(file.bytes), file }))} data-testid="report-preview">
          预览报告
        </Button>
        <Button loading={busy === 'print'} onClick={() => void run('print', (file) => printPdf(file.bytes))} data-testid="report-print">
          打印
        </Button>
        <Button
          loading={busy === 'save'}
          onClick={() =>
            void run('save', (file) => {
              saveBytes(file.bytes, file.fileName, 'application/pdf');
              void message.success(`已保存 ${file.fileName}`);
            })
          }
          data-testid="report-save"
        >
          保存 PDF
        </Button>
        {canWrite && record.status === 'finalized' && (
          <Button type="primary" onClick={() => setSigning(true)} data-testid="report-sign">
            签名
          </Button>
        )}
      </Space>
      <Modal
        title={preview?.file.fileName ?? '预览报告'}
        open={!!preview}
        width="min(1000px, 95vw)"
        style={{ top: 24 }}
        onCancel={() => setPreview(null)}
        footer={[
          <Button key="save" onClick={() => preview && saveBytes(preview.file.bytes, preview.file.fileName, 'application/pdf')}>
            保存 PDF
          </Button>,
          <Button key="print" onClick={() => preview && void printPdf(preview.file.bytes).catch((e: unknown) => void message.error(errorMessage(e)))}>
            打印
          </Button>,
          <Button key="close" type="primary" onClick={() => setPreview(null)} data-testid="report-preview-close">
            关闭
          </Button>,
        ]}
      >
        {!signed && <Alert type="info" showIcon title="尚未签名：签名框为空白。签名后报告即定稿，预览显示签名后的文件。" style={{ marginBottom: 8 }} />}
        {preview && preview.file.missingGlyphs.length > 0 && (
          <Alert type="warning" showIcon title={`字库中缺少 ${preview.file.missingGlyphs.length} 个字（${preview.file.missingGlyphs.join('、')}），报告中以“〓”代替并已注明`} style={{ marginBottom: 8 }} />
        )}
        {preview && <iframe title="评估报告预览" src={preview.url} style={{ width: '100%', height: 'calc(100vh - 300px)', minHeight: 320, border: '1px solid #f0f0f0' }} data-testid="report-preview-frame" />}
      </Modal>
      <SignDialog
        open={signing}
        record={record}
        onClose={() => setSigning(false)}
        onSigned={(r) => {
          setSigning(false);
          void message.success('已签名，报告已生成并保存');
          onSigned(r);
        }}
      />
    </>
  );
}
