import { Alert, App, Button, Card, Space, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import type { MethodOutput } from '../../../shared/contract';
import { useApi } from '../api/context';
import { errorMessage, fieldErrors } from '../app/errors';
import { bytesToBase64, readFileBytes, saveBytes } from '../app/files';
import { useCan } from '../app/permissions';
import { formatDateTime } from '../../../shared/util/dates';

type Verified = MethodOutput<'reports.verify'>;
type Sig = Verified['signatures'][number];

const MAX_BYTES = 11 * 1024 * 1024;

function when(iso: string | null): string {
  return iso ? formatDateTime(iso) : '未知';
}

const AFTER: Record<Sig['changedAfter'], { text: string; color: string }> = {
  none: { text: '之后未被修改', color: 'green' },
  laterSignature: { text: '之后仅追加了后续签名', color: 'blue' },
  modified: { text: '签名后被修改', color: 'red' },
};

// The same words `yiyang verify` ends each line with (electron/core/signing/describe.ts).
const STATUS: Record<Sig['status'], { text: string; color: string }> = {
  valid: { text: '有效', color: 'green' },
  changed: { text: '已更改', color: 'red' },
  invalid: { text: '无效', color: 'red' },
  untrusted: { text: '不受信任', color: 'orange' },
  unchecked: { text: '签名人未核验', color: 'orange' },
};

/** Drop a report PDF: every signature with its signer, time, validity and what changed after it. */
export function VerifyPage() {
  const api = useApi();
  const { message } = App.useApp();
  const can = useCan();
  const [file, setFile] = useState<string | null>(null);
  const [result, setResult] = useState<Verified | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // At the district hub a report is checked against the certificate of the station that sent it.
  const atHub = can('hub.stations');

  const check = async (f: File) => {
    setFile(f.name);
    setResult(null);
    setError(null);
    if (f.size > MAX_BYTES) return setError('文件过大（超过 11 MB），不像是评估报告');
    setBusy(true);
    try {
      const bytes = await readFileBytes(f);
      setResult(await api.call('reports.verify', { pdfBase64: bytesToBase64(bytes) }));
    } catch (e) {
      setError(fieldErrors(e)[0]?.message ?? errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const exportCa = async () => {
    try {
      const ca = await api.call('signing.caCertificate', {});
      saveBytes(new TextEncoder().encode(ca.pem), ca.fileName, 'application/x-pem-file');
      void message.success(`已导出 ${ca.fileName}`);
    } catch (e) {
      void message.error(errorMessage(e));
    }
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title="验证报告签名"
        extra={
          can('signing.caCertificate') && (
            <Button onClick={() => void exportCa()} data-testid="export-ca">
              导出机构 CA 证书
            </Button>
          )
        }
      >
        <Typography.Paragraph type="secondary">
          把评估报告 PDF 拖到下面（或点击选择文件），逐个检查其中的数字签名：签名人、签名时间、签名是否有效、签名之后文件是否被修改，以及签名证书是否由{atHub ? '登记的站点' : '本机构'}签发。
          机构以外的人可用导出的机构 CA 证书，以 Adobe Reader、pdfsig 等标准工具验证。
        </Typography.Paragraph>
        <div data-testid="verify-drop">
          <Upload.Dragger
            accept=".pdf,application/pdf"
            multiple={false}
            showUploadList={false}
            beforeUpload={(f) => {
              void check(f);
              return false;
            }}
            disabled={busy}
          >
            <p style={{ fontSize: '1.1em', margin: '12px 0' }}>{busy ? '正在验证…' : '将报告 PDF 拖到此处，或点击选择文件'}</p>
            {file && <p style={{ color: '#8c8c8c' }}>{file}</p>}
          </Upload.Dragger>
        </div>
      </Card>
      {error && <Alert type="error" showIcon title={error} data-testid="verify-error" />}
      {result && (
        <Card title="验证结果" data-testid="verify-result">
          <Alert
            type={result.ok ? 'success' : 'error'}
            showIcon
            title={result.summary}
            description={result.storedAssessmentNo ? `与${atHub ? '站点报送' : '本机保存'}的签名报告（评估编号 ${result.storedAssessmentNo}）完全一致。` : undefined}
            style={{ marginBottom: 12 }}
            data-testid="verify-summary"
          />
          <SignatureTable signatures={result.signatures} atHub={atHub} />
        </Card>
      )}
    </Space>
  );
}

/** Each signature of a report: result, assessor, signer, time, what changed after it, and whose certificate. */
export function SignatureTable({ signatures, atHub = false }: { signatures: Sig[]; atHub?: boolean }) {
  return (
      <Table<Sig>
        rowKey="index"
        size="small"
        pagination={false}
        dataSource={signatures}
        locale={{ emptyText: '文件中没有数字签名' }}
        onRow={(s) => ({ 'data-testid': `verify-sig-${s.index}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: '序号', dataIndex: 'index', width: 60 },
          {
            title: '结果',
            width: 110,
            render: (_: unknown, s) => (
              <Tag color={STATUS[s.status].color} title={s.problem ?? s.assessorProblem ?? ''} data-testid={`verify-status-${s.index}`}>
                {STATUS[s.status].text}
              </Tag>
            ),
          },
          { title: '评估人员', render: (_: unknown, s) => s.assessor ?? '—' },
          {
            title: '签名人（证书）',
            render: (_: unknown, s) => (
              // A signer registered here is named; a certificate from elsewhere shows what it says of itself.
              <span title={[s.signer, s.subject].filter(Boolean).join('\n')}>{s.holder ? <strong>{s.holder}</strong> : (s.signer ?? '未知')}</span>
            ),
          },
          { title: '签名时间', width: 170, render: (_: unknown, s) => when(s.signingTime) },
          {
            title: '签名',
            width: 110,
            render: (_: unknown, s) => (s.valid ? <Tag color="green">有效</Tag> : <Tag color="red" title={s.problem ?? ''}>无效</Tag>),
          },
          { title: '签名之后', width: 160, render: (_: unknown, s) => <Tag color={AFTER[s.changedAfter].color}>{AFTER[s.changedAfter].text}</Tag> },
          {
            title: '证书',
            render: (_: unknown, s) =>
              s.trusted ? (
                <Tag color="green">{atHub ? '报送站点的 CA 签发' : '本机构 CA 签发'}</Tag>
              ) : s.registered ? (
                <Tag color="blue">本机构登记的证书</Tag>
              ) : (
                <Tag color="orange" title={s.trustProblem ?? ''}>
                  {atHub ? '不是登记站点签发' : '不是本机构签发'}
                </Tag>
              ),
          },
        ]}
        expandable={{
          expandedRowRender: (s) => (
            <Typography.Paragraph style={{ margin: 0 }}>
              {s.text}
              {s.problem ? `（${s.problem}）` : ''}
              <br />
              证书主题：{s.subject ?? '—'}；签发者：{s.issuer ?? '—'}
              <br />
              证书指纹（SHA-256）：{s.fingerprint256 ?? '—'}
            </Typography.Paragraph>
          ),
        }}
      />
  );
}
