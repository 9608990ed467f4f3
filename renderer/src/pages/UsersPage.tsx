import { Alert, App, Button, Card, Form, Input, Modal, Select, Switch, Table, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { ROLE_NAMES, ROLES, type Role, type UserRecord } from '../../../shared/contract';
import { useApi } from '../api/context';
import { errorMessage } from '../app/errors';
import { useSession } from '../app/session';
import { LabeledItem } from '../components/RhfItem';

/** Nobody locks themselves out: one's own role and account are changed by another administrator. */
const SELF_NOTE = '不能修改自己的角色或停用自己的账户，请由其他管理员操作';

/** Admins only: accounts, roles, disabling, password resets. */
export function UsersPage() {
  const api = useApi();
  const { message } = App.useApp();
  const [users, setUsers] = useState<UserRecord[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [draft, setDraft] = useState({ username: '', displayName: '', role: 'assessor' as Role, password: '' });
  const [resetting, setResetting] = useState<UserRecord | null>(null);
  const [newPassword, setNewPassword] = useState('');
  const me = useSession().user;

  const load = useCallback(() => api.call('users.list', {}).then(setUsers, (e: unknown) => setError(errorMessage(e))), [api]);
  useEffect(() => void load(), [load]);

  const act = async (fn: () => Promise<unknown>, ok: string) => {
    try {
      await fn();
      void message.success(ok);
      await load();
      return true;
    } catch (e) {
      void message.error(errorMessage(e));
      return false;
    }
  };

  return (
    <Card title="用户管理" extra={<Button type="primary" onClick={() => setCreating(true)}>新建用户</Button>} data-testid="users-page">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="users-error" />}
      <Table<UserRecord>
        rowKey="id"
        size="middle"
        pagination={false}
        dataSource={users}
        columns={[
          { title: '用户名', dataIndex: 'username' },
          { title: '姓名', dataIndex: 'displayName' },
          {
            title: '角色',
            dataIndex: 'role',
            render: (role: Role, u) => (
              <Select size="small" value={role} disabled={u.id === me?.userId} title={u.id === me?.userId ? SELF_NOTE : undefined} style={{ width: 120 }} onChange={(r) => void act(() => api.call('users.update', { id: u.id, role: r }), '已修改角色')} options={ROLES.map((r) => ({ value: r, label: ROLE_NAMES[r] }))} />
            ),
          },
          {
            title: '状态',
            dataIndex: 'active',
            render: (active: boolean, u) => (
              <Switch checked={active} checkedChildren="启用" unCheckedChildren="停用" disabled={u.id === me?.userId} title={u.id === me?.userId ? SELF_NOTE : undefined} onChange={(on) => void act(() => api.call('users.update', { id: u.id, active: on }), on ? '已启用' : '已停用')} />
            ),
          },
          { title: '', render: (_: unknown, u) => <Button size="small" onClick={() => (setResetting(u), setNewPassword(''))}>重设密码</Button> },
        ]}
      />
      <Modal
        title="新建用户"
        open={creating}
        okText="创建"
        cancelText="取消"
        onCancel={() => setCreating(false)}
        onOk={async () => {
          if (await act(() => api.call('users.create', draft), '已创建')) {
            setCreating(false);
            setDraft({ username: '', displayName: '', role: 'assessor', password: '' });
          }
        }}
      >
        <Form layout="vertical">
          <LabeledItem label="用户名（字母、数字）">
            <Input value={draft.username} onChange={(e) => setDraft({ ...draft, username: e.target.value })} />
          </LabeledItem>
          <LabeledItem label="姓名">
            <Input value={draft.displayName} onChange={(e) => setDraft({ ...draft, displayName: e.target.value })} />
          </LabeledItem>
          <LabeledItem label="角色">
            <Select value={draft.role} onChange={(role) => setDraft({ ...draft, role })} options={ROLES.map((r) => ({ value: r, label: ROLE_NAMES[r] }))} />
          </LabeledItem>
          <LabeledItem label="初始密码（至少 8 位）">
            <Input.Password value={draft.password} onChange={(e) => setDraft({ ...draft, password: e.target.value })} />
          </LabeledItem>
        </Form>
      </Modal>
      <Modal
        title={`重设密码：${resetting?.displayName ?? ''}`}
        open={resetting !== null}
        okText="重设"
        cancelText="取消"
        onCancel={() => setResetting(null)}
        onOk={async () => {
          if (resetting && (await act(() => api.call('users.resetPassword', { id: resetting.id, newPassword }), '密码已重设'))) setResetting(null);
        }}
      >
        <Input.Password value={newPassword} onChange={(e) => setNewPassword(e.target.value)} placeholder="新密码（至少 8 位）" />
      </Modal>
      <div style={{ marginTop: 12 }}>
        <Tag>管理员：管理用户与设置</Tag>
        <Tag>评估员：登记老年人、开展评估</Tag>
        <Tag>管理人员：查看与导出统计</Tag>
      </div>
    </Card>
  );
}
