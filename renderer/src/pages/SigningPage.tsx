import { Alert, App, Button, Card, Descriptions, Form, Input, Modal, Space, Table, Tag, Typography, Upload } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { ROLE_NAMES, type FieldError, type MethodOutput } from '../../../shared/contract';
import { useApi } from '../api/context';
import { errorMessage, fieldErrors } from '../app/errors';
import { bytesToBase64, readFileBytes, saveBytes } from '../app/files';
import { LabeledItem } from '../components/RhfItem';

type Status = MethodOutput<'signing.status'>;
type UserRow = Status['users'][number];

function day(iso: string): string {
  return iso.slice(0, 10);
}

/**
 * Admins: the institution CA (export its certificate for verifiers) and each user's signing
 * certificate, with the import of an institution-issued PKCS#12 for one user.
 */
export function SigningPage() {
  const api = useApi();
  const { message } = App.useApp();
  const [status, setStatus] = useState<Status | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [importing, setImporting] = useState<UserRow | null>(null);

  const load = useCallback(() => api.call('signing.status', {}).then(setStatus, (e: unknown) => setError(errorMessage(e))), [api]);
  useEffect(() => void load(), [load]);

  const exportCa = async () => {
    try {
      const ca = await api.call('signing.caCertificate', {});
      saveBytes(new TextEncoder().encode(ca.pem), ca.fileName, 'application/x-pem-file');
      void message.success(`已导出 ${ca.fileName}`);
      await load();
    } catch (e) {
      void message.error(errorMessage(e));
    }
  };

  if (error) return <Alert type="error" showIcon title={error} />;
  if (!status) return null;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="signing-page">
      <Card
        title="机构 CA 证书"
        extra={
          <Button type="primary" onClick={() => void exportCa()} data-testid="export-ca">
            导出机构 CA 证书
          </Button>
        }
      >
        {status.ca ? (
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label="主题">{status.ca.subject}</Descriptions.Item>
            <Descriptions.Item label="有效期">
              {day(status.ca.notBefore)} 至 {day(status.ca.notAfter)}
            </Descriptions.Item>
            <Descriptions.Item label="SHA-256 指纹">
              <Typography.Text code style={{ wordBreak: 'break-all' }}>
                {status.ca.fingerprint256}
              </Typography.Text>
            </Descriptions.Item>
          </Descriptions>
        ) : (
          <Alert type="info" showIcon title="尚未生成机构 CA：首次导出或签发证书时自动生成" />
        )}
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          把导出的 PEM 文件交给需要核验报告的单位：导入 Adobe Reader 的受信任证书，或用 certutil 导入 NSS 证书库后以 pdfsig 验证。核对时请同时比对上面的指纹。
        </Typography.Paragraph>
      </Card>
      <Card title="用户签名证书">
        <Table<UserRow>
          rowKey="userId"
          size="small"
          pagination={false}
          dataSource={status.users}
          columns={[
            { title: '用户名', dataIndex: 'username' },
            { title: '姓名', dataIndex: 'displayName' },
            { title: '角色', render: (_: unknown, u) => ROLE_NAMES[u.role] + (u.active ? '' : '（已停用）') },
            {
              title: '证书',
              render: (_: unknown, u) =>
                !u.canSign ? (
                  <Typography.Text type="secondary">不签署报告</Typography.Text>
                ) : u.certificate ? (
                  <span>
                    <Tag color={u.certificate.source === 'imported' ? 'blue' : 'green'}>{u.certificate.source === 'imported' ? '机构签发（导入）' : '本机生成'}</Tag>
                    {u.certificate.commonName}
                  </span>
                ) : (
                  <Tag color="orange">尚无证书（下次登录时生成）</Tag>
                ),
            },
            { title: '到期', width: 110, render: (_: unknown, u) => (u.certificate ? day(u.certificate.notAfter) : '—') },
            {
              title: '',
              width: 110,
              render: (_: unknown, u) =>
                u.canSign && u.active ? (
                  <Button size="small" onClick={() => setImporting(u)} data-testid={`import-p12-${u.username}`}>
                    导入证书
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>
      <ImportP12Modal
        user={importing}
        onClose={() => setImporting(null)}
        onDone={(warnings) => {
          setImporting(null);
          void message.success(warnings.length ? `证书已导入。注意：${warnings.join('；')}` : '证书已导入');
          void load();
        }}
      />
    </Space>
  );
}

function ImportP12Modal({ user, onClose, onDone }: { user: UserRow | null; onClose(): void; onDone(warnings: string[]): void }) {
  const api = useApi();
  const [file, setFile] = useState<File | null>(null);
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setFile(null);
    setPassword('');
    setErrors([]);
    setError(null);
  }, [user]);

  const fieldError = (path: string) => errors.find((e) => e.path === path)?.message;
  const submit = async () => {
    if (!user) return;
    const local: FieldError[] = [];
    if (!file) local.push({ path: 'p12Base64', message: '请选择证书文件（.p12 或 .pfx）' });
    if (!password) local.push({ path: 'p12Password', message: '请输入证书密码' });
    setErrors(local);
    setError(null);
    if (local.length || !file) return;
    setBusy(true);
    try {
      const r = await api.call('signing.importUserP12', { userId: user.userId, p12Base64: bytesToBase64(await readFileBytes(file)), p12Password: password });
      onDone(r.warnings);
    } catch (e) {
      const f = fieldErrors(e);
      setErrors(f);
      if (!f.length) setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title={user ? `为 ${user.displayName} 导入机构签发的证书` : ''} open={!!user} onCancel={onClose} onOk={() => void submit()} okText="导入" cancelText="取消" confirmLoading={busy}>
      <Typography.Paragraph type="secondary">
        导入后，该用户签名时输入的是证书密码（不是登录密码）。本程序不保存证书密码。证书须含 RSA 私钥且当前有效。
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form layout="vertical">
        <LabeledItem label="证书文件（PKCS#12：.p12 / .pfx）" validateStatus={fieldError('p12Base64') ? 'error' : undefined} help={fieldError('p12Base64')}>
          <Upload
            accept=".p12,.pfx,application/x-pkcs12"
            maxCount={1}
            beforeUpload={(f) => {
              setFile(f);
              return false;
            }}
            onRemove={() => setFile(null)}
            fileList={file ? [{ uid: '1', name: file.name, status: 'done' }] : []}
          >
            <Button>选择文件</Button>
          </Upload>
        </LabeledItem>
        <LabeledItem label="证书密码" validateStatus={fieldError('p12Password') ? 'error' : undefined} help={fieldError('p12Password')}>
          <Input.Password autoComplete="off" value={password} onChange={(e) => setPassword(e.target.value)} />
        </LabeledItem>
      </Form>
    </Modal>
  );
}
