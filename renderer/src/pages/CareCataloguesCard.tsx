import { Alert, App, Button, Card, List, Space, Table, Tag, Typography, Upload } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { FieldError, MethodOutput } from '../../../shared/contract';
import { useApi } from '../api/context';
import { errorMessage, fieldErrors } from '../app/errors';

type Catalogue = MethodOutput<'careServices.list'>[number];

/**
 * Admins load a corrected care-service catalogue (the services a care plan proposes and
 * what calls for each). The newest version for an instrument is used for new plans;
 * finished assessments keep the catalogue their plan came from.
 */
export function CareCataloguesCard() {
  const api = useApi();
  const { message } = App.useApp();
  const [rows, setRows] = useState<Catalogue[]>([]);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => api.call('careServices.list', {}).then(setRows, (e: unknown) => setError(errorMessage(e))), [api]);
  useEffect(() => void load(), [load]);

  const upload = async (file: File) => {
    setErrors([]);
    setError(null);
    try {
      const c = await api.call('careServices.load', { json: await file.text() });
      void message.success(`已载入服务目录 ${c.title}（版本 ${c.version}）`);
      await load();
    } catch (e) {
      setError(errorMessage(e));
      setErrors(fieldErrors(e));
    }
  };

  return (
    <Card title="照护服务目录（照护需求与服务建议）" style={{ marginTop: 16 }} data-testid="care-catalogues">
      <Typography.Paragraph type="secondary">新完成的评估按该评估工具最新版本的目录生成照护计划；已完成的评估保留当时的目录及版本。</Typography.Paragraph>
      {error && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={error}
          description={errors.length > 0 && <List size="small" dataSource={errors} renderItem={(f) => <List.Item>{f.path ? `${f.path}：${f.message}` : f.message}</List.Item>} />}
        />
      )}
      <Table<Catalogue>
        rowKey={(c) => `${c.id}@${c.version}`}
        size="small"
        pagination={false}
        dataSource={rows}
        columns={[
          { title: '名称', render: (_: unknown, c) => <>{c.title} {!c.verified && <Tag color="orange">待核实</Tag>}</> },
          { title: '版本', dataIndex: 'version' },
          { title: '评估工具', dataIndex: 'instrumentTitle' },
          { title: '生效日期', dataIndex: 'effectiveFrom' },
          { title: '来源', render: (_: unknown, c) => (c.builtin ? <Tag>内置</Tag> : <Tag color="blue">已载入</Tag>) },
          { title: '', render: (_: unknown, c) => (c.inUse ? <Tag color="green">使用中</Tag> : null) },
        ]}
      />
      <Space style={{ marginTop: 12 }}>
        <Upload accept=".json,application/json" showUploadList={false} beforeUpload={(file) => (void upload(file), false)}>
          <Button>载入服务目录（JSON 文件）</Button>
        </Upload>
      </Space>
    </Card>
  );
}
