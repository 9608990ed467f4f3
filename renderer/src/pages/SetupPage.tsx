import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Button, Card, Checkbox, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { z } from 'zod';
import { contract } from '../../../shared/contract';
import { useApi } from '../api/context';
import { errorMessage } from '../app/errors';
import { AppInfoFooter } from '../components/AppInfoFooter';
import { LabeledItem } from '../components/RhfItem';
import { RestorePanel } from './RestorePanel';

const schema = contract['setup.init'].input
  .extend({ confirm: z.string() })
  .refine((v) => v.confirm === v.password, { path: ['confirm'], error: '两次输入的密码不一致' });
type Values = z.input<typeof schema>;

/** First run: the institution, the first admin, and the recovery key shown once. */
export function SetupPage({ onDone }: { onDone(): void }) {
  const api = useApi();
  const [recoveryKey, setRecoveryKey] = useState<string | null>(null);
  const [written, setWritten] = useState(false);
  const [restoring, setRestoring] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { control, handleSubmit, formState } = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { institutionName: '', adminUsername: 'admin', adminDisplayName: '', password: '', confirm: '' },
  });

  const submit = handleSubmit(async ({ confirm: _c, ...values }) => {
    setError(null);
    try {
      const r = await api.call('setup.init', values);
      setRecoveryKey(r.recoveryKey);
    } catch (e) {
      setError(errorMessage(e));
    }
  });

  if (recoveryKey) {
    return (
      <Card title="请抄写恢复密钥" style={{ maxWidth: 640, margin: '48px auto' }}>
        <Typography.Paragraph>
          恢复密钥只显示这一次。忘记管理员密码时，凭它才能打开数据库并重设密码。请抄写在纸上，交由机构负责人妥善保管，不要保存在这台电脑上。
        </Typography.Paragraph>
        <Typography.Paragraph copyable={false} code style={{ fontSize: 20, letterSpacing: 1 }} data-testid="recovery-key">
          {recoveryKey}
        </Typography.Paragraph>
        <Checkbox checked={written} onChange={(e) => setWritten(e.target.checked)} data-testid="recovery-written">
          我已抄写并妥善保管恢复密钥
        </Checkbox>
        <div style={{ marginTop: 16 }}>
          <Button type="primary" disabled={!written} onClick={onDone} data-testid="setup-finish">
            完成设置，去登录
          </Button>
        </div>
      </Card>
    );
  }

  const field = (name: keyof Values, label: string, input: (f: { value: string; onChange(v: string): void }) => React.ReactNode) => (
    <Controller
      name={name}
      control={control}
      render={({ field: f, fieldState }) => (
        <LabeledItem label={label} validateStatus={fieldState.error ? 'error' : undefined} help={fieldState.error?.message}>
          {input({ value: f.value ?? '', onChange: f.onChange })}
        </LabeledItem>
      )}
    />
  );

  return (
    <>
    <Card title={<span><span data-testid="app-title">颐养评估</span> · 首次设置</span>} style={{ maxWidth: 640, margin: '48px auto 0' }}>
      <Typography.Paragraph type="secondary">
        设置评估机构并创建管理员账号。所有数据加密保存在本机，管理员之后可在“用户管理”中添加评估员和管理人员。
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form layout="vertical" onSubmitCapture={(e) => void submit(e)}>
        {field('institutionName', '机构名称', (f) => <Input data-testid="setup-institution" value={f.value} onChange={(e) => f.onChange(e.target.value)} />)}
        {field('adminDisplayName', '管理员姓名', (f) => <Input data-testid="setup-admin-name" value={f.value} onChange={(e) => f.onChange(e.target.value)} />)}
        {field('adminUsername', '管理员用户名', (f) => <Input data-testid="setup-username" value={f.value} onChange={(e) => f.onChange(e.target.value)} />)}
        {field('password', '密码（至少 8 位）', (f) => <Input.Password data-testid="setup-password" value={f.value} onChange={(e) => f.onChange(e.target.value)} />)}
        {field('confirm', '再次输入密码', (f) => <Input.Password data-testid="setup-confirm" value={f.value} onChange={(e) => f.onChange(e.target.value)} />)}
        <Button type="primary" htmlType="submit" loading={formState.isSubmitting} data-testid="setup-submit">
          创建
        </Button>
      </Form>
    </Card>
    {/* A new computer for an existing station: its data comes from a backup, not a fresh set-up. */}
    <Card size="small" style={{ maxWidth: 640, margin: '16px auto 0' }}>
      {restoring ? (
        <RestorePanel onRestored={onDone} />
      ) : (
        <Button type="link" onClick={() => setRestoring(true)} data-testid="setup-restore">
          已有备份？从备份恢复…
        </Button>
      )}
    </Card>
    <AppInfoFooter />
    </>
  );
}
