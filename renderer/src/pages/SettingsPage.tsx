import { Alert, App, Button, Card, Form, Input, InputNumber } from 'antd';
import { useEffect, useState } from 'react';
import type { MethodOutput } from '../../../shared/contract';
import { useApi } from '../api/context';
import { errorMessage } from '../app/errors';
import { BackupCard } from './BackupCard';
import { CareCataloguesCard } from './CareCataloguesCard';
import { PolicyPacksCard } from './PolicyPacksCard';
import { LabeledItem } from '../components/RhfItem';

type Settings = MethodOutput<'settings.get'>;

export function SettingsPage() {
  const api = useApi();
  const { message } = App.useApp();
  const [s, setS] = useState<Settings | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.call('settings.get', {}).then(setS, (e: unknown) => setError(errorMessage(e)));
  }, [api]);
  if (!s) return error ? <Alert type="error" showIcon title={error} /> : null;
  const save = async () => {
    try {
      setS(
        await api.call('settings.update', {
          institutionName: s.institutionName,
          institutionCode: s.institutionCode,
          address: s.address,
          reassessmentIntervalMonths: s.reassessmentIntervalMonths,
        }),
      );
      void message.success('已保存');
    } catch (e) {
      void message.error(errorMessage(e));
    }
  };
  return (
    <>
    <Card title="机构设置" style={{ maxWidth: 640 }}>
      <Form layout="vertical">
        <LabeledItem label="机构名称">
          <Input value={s.institutionName} onChange={(e) => setS({ ...s, institutionName: e.target.value })} />
        </LabeledItem>
        <LabeledItem label="机构代码">
          <Input value={s.institutionCode ?? ''} onChange={(e) => setS({ ...s, institutionCode: e.target.value || null })} />
        </LabeledItem>
        <LabeledItem label="地址">
          <Input value={s.address ?? ''} onChange={(e) => setS({ ...s, address: e.target.value || null })} />
        </LabeledItem>
        <LabeledItem label="常规复评间隔（月）" extra="默认 12 个月；可按当地要求改为 6 个月">
          <InputNumber min={1} max={36} value={s.reassessmentIntervalMonths} onChange={(v) => setS({ ...s, reassessmentIntervalMonths: v ?? 12 })} />
        </LabeledItem>
        <Button type="primary" onClick={() => void save()}>
          保存
        </Button>
      </Form>
    </Card>
    <PolicyPacksCard />
    <CareCataloguesCard />
    <BackupCard />
    </>
  );
}
