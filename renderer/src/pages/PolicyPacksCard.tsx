import { Alert, App, Button, Card, List, Space, Table, Tag, Typography, Upload } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { FieldError, MethodOutput } from '../../../shared/contract';
import { useApi } from '../api/context';
import { errorMessage, fieldErrors } from '../app/errors';

type Packs = MethodOutput<'policy.list'>;
type Pack = Packs['packs'][number];

/**
 * Admins load a newer policy pack (a JSON file from the civil-affairs office or the
 * vendor) and choose the one in force. Finished assessments keep the pack they were
 * classified with; only new ones use the active pack.
 */
export function PolicyPacksCard() {
  const api = useApi();
  const { message } = App.useApp();
  const [packs, setPacks] = useState<Packs | null>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => api.call('policy.list', {}).then(setPacks, (e: unknown) => setError(errorMessage(e))), [api]);
  useEffect(() => void load(), [load]);

  const upload = async (file: File) => {
    setErrors([]);
    setError(null);
    try {
      const pack = await api.call('policy.load', { json: await file.text() });
      void message.success(`已载入政策包 ${pack.title}（版本 ${pack.version}）`);
      await load();
    } catch (e) {
      setError(errorMessage(e));
      setErrors(fieldErrors(e));
    }
  };

  const activate = async (p: Pack) => {
    try {
      await api.call('policy.activate', { packId: p.id });
      void message.success(`新的评估将使用 ${p.title}`);
      await load();
    } catch (e) {
      void message.error(errorMessage(e));
    }
  };

  return (
    <Card title="政策包（服务对象类别与待遇规则）" style={{ marginTop: 16 }} data-testid="policy-packs">
      <Typography.Paragraph type="secondary">
        已完成的评估始终保留当时使用的政策包及版本；切换后只影响之后完成的评估。
      </Typography.Paragraph>
      {error && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={error}
          description={
            errors.length > 0 && (
              <List size="small" dataSource={errors} renderItem={(f) => <List.Item>{f.path ? `${f.path}：${f.message}` : f.message}</List.Item>} />
            )
          }
        />
      )}
      <Table<Pack>
        rowKey={(p) => `${p.id}@${p.version}`}
        size="small"
        pagination={false}
        dataSource={packs?.packs ?? []}
        columns={[
          { title: '名称', dataIndex: 'title' },
          { title: '版本', dataIndex: 'version' },
          { title: '地区', dataIndex: 'region' },
          { title: '有效期', render: (_: unknown, p) => `${p.effectiveFrom} 起${p.effectiveTo ? `至 ${p.effectiveTo}` : ''}` },
          { title: '来源', render: (_: unknown, p) => (p.builtin ? <Tag>内置</Tag> : <Tag color="blue">已载入</Tag>) },
          {
            title: '',
            render: (_: unknown, p) =>
              packs?.active === p.id ? (
                <Tag color="green">使用中</Tag>
              ) : (
                <Button size="small" onClick={() => void activate(p)}>
                  设为使用中
                </Button>
              ),
          },
        ]}
      />
      <Space style={{ marginTop: 12 }}>
        <Upload accept=".json,application/json" showUploadList={false} beforeUpload={(file) => (void upload(file), false)}>
          <Button>载入政策包（JSON 文件）</Button>
        </Upload>
      </Space>
    </Card>
  );
}
