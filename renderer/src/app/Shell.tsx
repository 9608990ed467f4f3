import { Button, Dropdown, Layout, Menu, Modal, Space, Switch, Tag, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { canCall, ROLE_NAMES } from '../../../shared/contract';
import { ChangePasswordModal } from '../pages/ChangePasswordModal';
import { navFor } from './nav';
import { navigate, usePath } from './router';
import { useSession } from './session';

export interface ShellProps {
  institutionName: string | null;
  largeText: boolean;
  onLargeText(on: boolean): void;
  children: ReactNode;
}


export function Shell({ institutionName, largeText, onLargeText, children }: ShellProps) {
  const { user, lockedUser, signOut } = useSession();
  const path = usePath();
  const [changingPassword, setChangingPassword] = useState(false);
  const who = user ?? lockedUser;
  const items = navFor(who?.role);
  const selected = items.find((n) => path.startsWith(n.path))?.key ?? items[0]?.key ?? '';

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 24, background: '#fff', borderBottom: '1px solid #f0f0f0', paddingInline: 24 }}>
        <Typography.Title level={4} style={{ margin: 0, whiteSpace: 'nowrap', cursor: 'pointer' }} onClick={() => navigate(items[0]?.path ?? '/about')}>
          颐养评估
        </Typography.Title>
        <Menu
          mode="horizontal"
          selectedKeys={[selected]}
          style={{ flex: 1, minWidth: 0, borderBottom: 'none' }}
          items={items.map((n) => ({ key: n.key, label: n.label, onClick: () => navigate(n.path) }))}
        />
        <Space size="middle">
          <span style={{ whiteSpace: 'nowrap' }}>
            大字模式 <Switch size="small" checked={largeText} onChange={onLargeText} data-testid="large-text" />
          </span>
          {who && (
            <Dropdown
              menu={{
                items: [
                  { key: 'pw', label: '修改密码', onClick: () => setChangingPassword(true) },
                  {
                    key: 'out',
                    label: '退出登录',
                    onClick: () =>
                      Modal.confirm({ title: '退出登录？', content: '未完成的评估已自动保存为草稿。', okText: '退出', cancelText: '取消', onOk: () => signOut() }),
                  },
                ],
              }}
            >
              <Button type="text" data-testid="user-menu">
                {who.displayName} <Tag style={{ marginLeft: 6 }}>{ROLE_NAMES[who.role]}</Tag>
              </Button>
            </Dropdown>
          )}
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: '16px 24px' }}>{children}</Layout.Content>
      <Layout.Footer style={{ textAlign: 'center', padding: '8px 24px', color: '#999' }}>
        {institutionName ?? ''} · {who && canCall(who.role, 'hub.stations') ? '汇集各站点报送的数据（区县数据中心）' : '数据加密保存在本机，不需要联网'}
      </Layout.Footer>
      <ChangePasswordModal open={changingPassword} onClose={() => setChangingPassword(false)} />
    </Layout>
  );
}
