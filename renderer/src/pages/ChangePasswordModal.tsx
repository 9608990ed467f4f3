import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, App, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { z } from 'zod';
import { contract } from '../../../shared/contract';
import { useApi } from '../api/context';
import { errorMessage } from '../app/errors';
import { LabeledItem } from '../components/RhfItem';

const schema = contract['session.changePassword'].input
  .extend({ confirm: z.string() })
  .refine((v) => v.confirm === v.newPassword, { path: ['confirm'], error: '两次输入的新密码不一致' });
type Values = z.input<typeof schema>;

export function ChangePasswordModal({ open, onClose }: { open: boolean; onClose(): void }) {
  const api = useApi();
  const { message } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  const { control, handleSubmit, reset, formState } = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { oldPassword: '', newPassword: '', confirm: '' },
  });
  const close = () => {
    reset();
    setError(null);
    onClose();
  };
  const submit = handleSubmit(async ({ oldPassword, newPassword }) => {
    setError(null);
    try {
      await api.call('session.changePassword', { oldPassword, newPassword });
      void message.success('密码已修改');
      close();
    } catch (e) {
      setError(errorMessage(e));
    }
  });
  const pw = (name: keyof Values, label: string) => (
    <Controller
      name={name}
      control={control}
      render={({ field, fieldState }) => (
        <LabeledItem label={label} validateStatus={fieldState.error ? 'error' : undefined} help={fieldState.error?.message}>
          <Input.Password value={field.value} onChange={(e) => field.onChange(e.target.value)} />
        </LabeledItem>
      )}
    />
  );
  return (
    <Modal title="修改密码" open={open} onCancel={close} onOk={() => void submit()} okText="修改" cancelText="取消" confirmLoading={formState.isSubmitting}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form layout="vertical">
        {pw('oldPassword', '原密码')}
        {pw('newPassword', '新密码（至少 8 位）')}
        {pw('confirm', '再次输入新密码')}
      </Form>
    </Modal>
  );
}
