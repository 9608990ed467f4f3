import { Alert, App, Button, Card, Form, Input, Modal, Select, Switch, Table, Tag } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { DISTRICT_ROLES, ROLE_NAMES, ROLES, type AnyRole } from '../../../shared/contract';
import type { ApiClient } from '../api/client';
import { useApi } from '../api/context';
import { errorMessage } from '../app/errors';
import { useSession } from '../app/session';
import { LabeledItem } from '../components/RhfItem';

/** Nobody locks themselves out: one's own role and account are changed by another administrator. */
const SELF_NOTE = '不能修改自己的角色或停用自己的账户，请由其他管理员操作';

interface Account {
  id: string;
  username: string;
  displayName: string;
  role: AnyRole;
  active: boolean;
}

/** Whose accounts a page manages: a station's users, or the district hub's own. */
interface Accounts {
  roles: readonly AnyRole[];
  firstRole: AnyRole;
  list(): Promise<Account[]>;
  create(draft: { username: string; displayName: string; role: AnyRole; password: string }): Promise<unknown>;
  update(change: { id: string; role?: AnyRole; active?: boolean }): Promise<unknown>;
  resetPassword(id: string, newPassword: string): Promise<unknown>;
  roleHelp: string[];
}

const stationRole = (r: AnyRole) => ROLES.find((x) => x === r) ?? 'assessor';
const districtRole = (r: AnyRole) => DISTRICT_ROLES.find((x) => x === r) ?? 'districtManager';

function stationAccounts(api: ApiClient): Accounts {
  return {
    roles: ROLES,
    firstRole: 'assessor',
    list: () => api.call('users.list', {}),
    create: (d) => api.call('users.create', { ...d, role: stationRole(d.role) }),
    update: ({ role, ...c }) => api.call('users.update', { ...c, ...(role ? { role: stationRole(role) } : {}) }),
    resetPassword: (id, newPassword) => api.call('users.resetPassword', { id, newPassword }),
    roleHelp: ['管理员：管理用户与设置', '评估员：登记老年人、开展评估', '管理人员：查看与导出统计'],
  };
}

function hubAccounts(api: ApiClient): Accounts {
  return {
    roles: DISTRICT_ROLES,
    firstRole: 'districtManager',
    list: () => api.call('hub.users', {}),
    create: (d) => api.call('hub.createUser', { ...d, role: districtRole(d.role) }),
    update: ({ role, ...c }) => api.call('hub.updateUser', { ...c, ...(role ? { role: districtRole(role) } : {}) }),
    resetPassword: (id, newPassword) => api.call('hub.resetPassword', { id, newPassword }),
    roleHelp: ['区县管理员：管理数据中心的用户', '区县管理人员：查看全区县统计、站点与人员，导出名单'],
  };
}

/** A station's admins: its accounts, roles, disabling, password resets. */
export function UsersPage() {
  const api = useApi();
  const accounts = useMemo(() => stationAccounts(api), [api]);
  return <AccountsPage accounts={accounts} />;
}

/** The district hub's admins: the hub's own accounts. */
export function HubUsersPage() {
  const api = useApi();
  const accounts = useMemo(() => hubAccounts(api), [api]);
  return <AccountsPage accounts={accounts} />;
}

function AccountsPage({ accounts }: { accounts: Accounts }) {
  const { message } = App.useApp();
  const [users, setUsers] = useState<Account[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [draft, setDraft] = useState({ username: '', displayName: '', role: accounts.firstRole, password: '' });
  const [resetting, setResetting] = useState<Account | null>(null);
  const [newPassword, setNewPassword] = useState('');
  const me = useSession().user;

  const load = useCallback(() => accounts.list().then(setUsers, (e: unknown) => setError(errorMessage(e))), [accounts]);
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
      <Table<Account>
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
            render: (role: AnyRole, u) => (
              <Select size="small" value={role} disabled={u.id === me?.userId} title={u.id === me?.userId ? SELF_NOTE : undefined} style={{ width: 120 }} onChange={(r) => void act(() => accounts.update({ id: u.id, role: r }), '已修改角色')} options={accounts.roles.map((r) => ({ value: r, label: ROLE_NAMES[r] }))} />
            ),
          },
          {
            title: '状态',
            dataIndex: 'active',
            render: (active: boolean, u) => (
              <Switch checked={active} checkedChildren="启用" unCheckedChildren="停用" disabled={u.id === me?.userId} title={u.id === me?.userId ? SELF_NOTE : undefined} onChange={(on) => void act(() => accounts.update({ id: u.id, active: on }), on ? '已启用' : '已停用')} />
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
          if (await act(() => accounts.create(draft), '已创建')) {
            setCreating(false);
            setDraft({ username: '', displayName: '', role: accounts.firstRole, password: '' });
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
            <Select value={draft.role} onChange={(role) => setDraft({ ...draft, role })} options={accounts.roles.map((r) => ({ value: r, label: ROLE_NAMES[r] }))} />
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
          if (resetting && (await act(() => accounts.resetPassword(resetting.id, newPassword), '密码已重设'))) setResetting(null);
        }}
      >
        <Input.Password value={newPassword} onChange={(e) => setNewPassword(e.target.value)} placeholder="新密码（至少 8 位）" />
      </Modal>
      <div style={{ marginTop: 12 }}>
        {accounts.roleHelp.map((h) => (
          <Tag key={h}>{h}</Tag>
        ))}
      </div>
    </Card>
  );
}
