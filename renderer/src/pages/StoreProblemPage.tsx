import { Alert, App, Button, Card, Space, Typography } from 'antd';
import { useState } from 'react';
import { useApi } from '../api/context';
import { AppInfoFooter } from '../components/AppInfoFooter';
import { RestorePanel } from './RestorePanel';

/**
 * The store is there but cannot be opened (a damaged database or key file): never a blank
 * screen. 重试 looks again, 从备份恢复 puts a backup in its place (the damaged files are kept
 * aside, not deleted), 退出 closes the app.
 */
export function StoreProblemPage({ problem, onRetry }: { problem: { message: string; restorable: boolean }; onRetry(): void }) {
  const { message } = App.useApp();
  const [restoring, setRestoring] = useState(false);
  const desktop = useApi().kind === 'ipc';
  return (
    <>
      <Card title="无法打开数据库" style={{ maxWidth: 640, margin: '48px auto 0' }} data-testid="store-problem">
        <Alert type="error" showIcon title={problem.message} style={{ marginBottom: 16 }} data-testid="store-problem-message" />
        <Typography.Paragraph>
          {problem.restorable
            ? '可以从备份恢复：原来的文件不会删除，会移到数据目录中名为 damaged-时间 的文件夹里，供技术人员检查。'
            : '请安装更新版本的颐养评估后再打开。'}
        </Typography.Paragraph>
        <Space>
          <Button onClick={onRetry} data-testid="store-problem-retry">
            重试
          </Button>
          {problem.restorable && !restoring && (
            <Button type="primary" onClick={() => setRestoring(true)} data-testid="store-problem-restore">
              从备份恢复…
            </Button>
          )}
          {/* Closing the window quits the desktop app; a browser tab is the person's own to close. */}
          {desktop && (
            <Button danger onClick={() => window.close()} data-testid="store-problem-quit">
              退出
            </Button>
          )}
        </Space>
        {restoring && (
          <div style={{ marginTop: 24 }}>
            <RestorePanel
              onRestored={(setAside) => {
                void message.success(setAside ? `已从备份恢复，原来的文件已移到数据目录的 ${setAside} 中。请登录。` : '已从备份恢复，请登录。');
                onRetry();
              }}
            />
          </div>
        )}
      </Card>
      <AppInfoFooter />
    </>
  );
}
