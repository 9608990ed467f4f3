import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useSession } from '../app/session';
import { errorMessage } from '../app/errors';
import { AppInfoFooter } from '../components/AppInfoFooter';
import { LabeledItem } from '../components/RhfItem';

/** Sign-in, and the idle lock (same form, with the locked user's name fixed). */
export function LoginPage({ institutionName, locked, onFailed }: { institutionName: string | null; locked?: boolean; onFailed?(): void }) {
  const { signIn, lockedUser, signOut } = useSession();
  const [username, setUsername] = useState(locked && lockedUser ? lockedUser.username : '');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setError(null);
    if (!username.trim()) return setError('请输入用户名');
    if (!password) return setError('请输入密码');
    setBusy(true);
    try {
      await signIn(username.trim(), password);
    } catch (e) {
      setError(errorMessage(e));
      setPassword('');
      onFailed?.();
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
    <Card style={{ maxWidth: 420, margin: locked ? '0 auto' : '96px auto' }} title={locked ? '屏幕已锁定' : '登录'}>
      <Typography.Title level={3} style={{ marginTop: 0 }} data-testid={locked ? undefined : 'app-title'}>
        颐养评估
      </Typography.Title>
      {institutionName && <Typography.Paragraph type="secondary">{institutionName}</Typography.Paragraph>}
      {locked && (
        <Typography.Paragraph>
          长时间未操作，已锁定屏幕。未完成的评估已自动保存，输入密码即可继续。
        </Typography.Paragraph>
      )}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" />}
      <Form layout="vertical" onSubmitCapture={(e) => (e.preventDefault(), void submit())}>
        <LabeledItem label="用户名">
          <Input value={username} disabled={locked} autoFocus={!locked} onChange={(e) => setUsername(e.target.value)} data-testid="login-username" />
        </LabeledItem>
        <LabeledItem label="密码">
          <Input.Password value={password} autoFocus={locked} onChange={(e) => setPassword(e.target.value)} data-testid="login-password" />
        </LabeledItem>
        <Button type="primary" htmlType="submit" loading={busy} block data-testid="login-submit">
          {locked ? '解锁' : '登录'}
        </Button>
        {locked && (
          <Button type="link" block onClick={() => void signOut()}>
            换其他账号登录（未保存的内容将丢失）
          </Button>
        )}
      </Form>
    </Card>
    {!locked && <AppInfoFooter />}
    </>
  );
}
