import { Alert, Button, Form, Input, Radio, Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { MethodInput, MethodOutput } from '../../../shared/contract';
import { formatBytes } from '../../../shared/util/bytes';
import { formatDateTime } from '../../../shared/util/dates';
import { useApi } from '../api/context';
import { errorMessage } from '../app/errors';
import { LabeledItem } from '../components/RhfItem';

type Source = { fileName: string } | { grant: string; name: string };

/**
 * 从备份恢复, for a folder not yet set up or a store that cannot be opened: a backup from the
 * data folder's backups (listed by time), or in the desktop app any file chosen in the system
 * dialog; then the password of an account in that backup, or the recovery key.
 */
export function RestorePanel({ onRestored }: { onRestored(setAside: string | null): void }) {
  const api = useApi();
  const [backups, setBackups] = useState<MethodOutput<'setup.backups'>>([]);
  const [source, setSource] = useState<Source | null>(null);
  const [by, setBy] = useState<'password' | 'recovery'>('password');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [recoveryKey, setRecoveryKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const desktop = api.kind === 'ipc';

  useEffect(() => {
    api.call('setup.backups', {}).then(
      (list) => {
        setBackups(list);
        if (list[0]) setSource((s) => s ?? { fileName: list[0]!.fileName });
      },
      (e: unknown) => setError(errorMessage(e)),
    );
  }, [api]);

  const chooseFile = async () => {
    setError(null);
    try {
      const chosen = await api.call('files.choose', { purpose: 'backup-open' });
      if (chosen) setSource(chosen);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const submit = async () => {
    setError(null);
    if (!source) return setError('请选择备份文件');
    if (by === 'password' && !username.trim()) return setError('请输入用户名');
    if (by === 'password' && !password) return setError('请输入密码');
    if (by === 'recovery' && !recoveryKey.trim()) return setError('请输入恢复密钥');
    const src = 'grant' in source ? { grant: source.grant } : { fileName: source.fileName };
    const input: MethodInput<'setup.restore'> = by === 'password' ? { source: src, username: username.trim(), password } : { source: src, recoveryKey: recoveryKey.trim() };
    setBusy(true);
    try {
      const r = await api.call('setup.restore', input);
      onRestored(r.setAside);
    } catch (e) {
      setError(errorMessage(e));
      setPassword('');
      // A grant is spent once used: choose the file again.
      if ('grant' in source) setSource(null);
    } finally {
      setBusy(false);
    }
  };

  const chosenName = source && 'grant' in source ? source.name : null;
  return (
    <div data-testid="restore-panel">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="restore-error" />}
      <Form layout="vertical" onSubmitCapture={(e) => (e.preventDefault(), void submit())}>
        <LabeledItem label="备份文件">
          <Space direction="vertical" style={{ width: '100%' }}>
            {backups.length > 0 ? (
              <Select
                data-testid="restore-backup"
                value={source && 'fileName' in source ? source.fileName : undefined}
                placeholder="数据目录 backups 中的备份"
                onChange={(fileName: string) => setSource({ fileName })}
                options={backups.map((b) => ({ value: b.fileName, label: `${formatDateTime(b.createdAt)}（${b.kind === 'auto' ? '自动' : '手动'}，${formatBytes(b.bytes)}）` }))}
              />
            ) : (
              <Typography.Text type="secondary">数据目录 backups 中没有备份。</Typography.Text>
            )}
            {desktop && (
              <Button onClick={() => void chooseFile()} data-testid="restore-choose-file">
                选择其他备份文件…
              </Button>
            )}
            {chosenName && <Typography.Text data-testid="restore-chosen">已选择：{chosenName}</Typography.Text>}
          </Space>
        </LabeledItem>
        <Radio.Group value={by} onChange={(e) => setBy(e.target.value as 'password' | 'recovery')} style={{ marginBottom: 16 }}>
          <Radio value="password">用备份中的账号和密码</Radio>
          <Radio value="recovery">用恢复密钥</Radio>
        </Radio.Group>
        {by === 'password' ? (
          <>
            <LabeledItem label="用户名">
              <Input value={username} onChange={(e) => setUsername(e.target.value)} data-testid="restore-username" />
            </LabeledItem>
            <LabeledItem label="密码（备份时该账号的密码）">
              <Input.Password value={password} onChange={(e) => setPassword(e.target.value)} data-testid="restore-password" />
            </LabeledItem>
          </>
        ) : (
          <LabeledItem label="恢复密钥">
            <Input value={recoveryKey} onChange={(e) => setRecoveryKey(e.target.value)} data-testid="restore-recovery-key" />
          </LabeledItem>
        )}
        <Button type="primary" htmlType="submit" loading={busy} data-testid="restore-submit">
          恢复
        </Button>
      </Form>
    </div>
  );
}
