import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Button, Checkbox, Col, Form, Input, Modal, Row, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import type { AssessmentRecord, MethodOutput } from '../../../shared/contract';
import { useApi } from '../api/context';
import { errorMessage, fieldErrors } from '../app/errors';
import { RhfItem } from '../components/RhfItem';
import { SignaturePad } from '../components/SignaturePad';

type Signers = MethodOutput<'reports.signers'>;

const schema = z.object({
  assessor1Png: z.string().nullable().refine((v) => !!v, { error: '请评估员1在框内签名' }),
  assessor2Png: z.string().nullable().refine((v) => !!v, { error: '请评估员2在框内签名' }),
  informantPng: z.string().nullable(),
  assessor1Secret: z.string().min(1, { error: '请评估员1输入密码' }),
  assessor2Secret: z.string().min(1, { error: '请评估员2输入密码' }),
  fullId: z.boolean(),
});
type Values = z.input<typeof schema>;

const EMPTY: Values = { assessor1Png: null, assessor2Png: null, informantPng: null, assessor1Secret: '', assessor2Secret: '', fullId: false };

/** Where the server names a field, which form field shows it. */
const FIELD_OF: Record<string, keyof Values> = {
  assessor1Secret: 'assessor1Secret',
  assessor2Secret: 'assessor2Secret',
  'handwriting.assessor1': 'assessor1Png',
  'handwriting.assessor2': 'assessor2Png',
  'handwriting.informant': 'informantPng',
};

/**
 * Both assessors at the keyboard: each signs on their pad and types their own password (or,
 * with an institution-issued certificate, its password), the informant signs on the third
 * pad; then the report is rendered with the signatures and digitally signed by both.
 */
export function SignDialog({
  open,
  record,
  onClose,
  onSigned,
}: {
  open: boolean;
  record: AssessmentRecord;
  onClose(): void;
  onSigned(record: AssessmentRecord): void;
}) {
  const api = useApi();
  const [signers, setSigners] = useState<Signers | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { control, handleSubmit, reset, setError: setFieldError, formState } = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: EMPTY,
  });

  useEffect(() => {
    if (!open) return;
    reset(EMPTY);
    setError(null);
    setSigners(null);
    api.call('reports.signers', { assessmentId: record.id }).then(setSigners, (e: unknown) => setError(errorMessage(e)));
  }, [open, api, record.id, reset]);

  const submit = handleSubmit(async (v) => {
    setError(null);
    try {
      const signed = await api.call('reports.sign', {
        assessmentId: record.id,
        assessor1Secret: v.assessor1Secret,
        assessor2Secret: v.assessor2Secret,
        handwriting: { assessor1: v.assessor1Png ?? undefined, assessor2: v.assessor2Png ?? undefined, ...(v.informantPng ? { informant: v.informantPng } : {}) },
        fullId: v.fullId,
      });
      onSigned(signed);
    } catch (e) {
      // A wrong password is the assessor's, not a lost session: shown here, the session stays.
      setError(errorMessage(e));
      for (const f of fieldErrors(e)) {
        const name = FIELD_OF[f.path];
        if (name) setFieldError(name, { message: f.message });
      }
    }
  });

  const secretLabel = (slot: 'assessor1' | 'assessor2', n: 1 | 2) => {
    const s = signers?.[slot];
    if (!s) return `评估员${n}的密码`;
    return s.certificate === 'imported' ? `评估员${n}（${s.displayName}）的证书密码` : `评估员${n}（${s.displayName}）的登录密码`;
  };
  const secretExtra = (slot: 'assessor1' | 'assessor2') => {
    const s = signers?.[slot];
    if (!s) return undefined;
    if (s.certificate === 'imported') return '该评估员使用机构签发的证书，请输入证书密码';
    if (s.certificate === null) return '该评估员还没有签名证书：请管理员为其重设密码（同时签发新证书），或导入机构签发的证书';
    return '由评估员本人输入';
  };

  const pad = (name: 'assessor1Png' | 'assessor2Png' | 'informantPng', label: string, testId: string) => (
    <RhfItem
      control={control}
      name={name}
      label={label}
      render={({ value, onChange }) => <SignaturePad value={(value as string | null) ?? null} onChange={onChange} label={label} width={250} height={100} data-testid={testId} />}
    />
  );
  const secret = (name: 'assessor1Secret' | 'assessor2Secret', slot: 'assessor1' | 'assessor2', n: 1 | 2) => (
    <RhfItem
      control={control}
      name={name}
      label={secretLabel(slot, n)}
      extra={secretExtra(slot)}
      render={({ value, onChange }) => (
        <Input.Password autoComplete="off" value={(value as string) ?? ''} onChange={(e) => onChange(e.target.value)} data-testid={`sign-${slot}-secret`} />
      )}
    />
  );

  return (
    <Modal
      title="评估报告签名"
      open={open}
      width={880}
      onCancel={onClose}
      mask={{ closable: false }}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={onClose}>
          取消
        </Button>,
        <Button key="ok" type="primary" loading={formState.isSubmitting} onClick={() => void submit()} data-testid="sign-submit">
          签名并生成报告
        </Button>,
      ]}
    >
      <Typography.Paragraph type="secondary">
        两名评估员须在场：各自在框内手写签名并输入自己的密码，报告将依次加盖两人的数字签名。签名后评估不能再修改。
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="sign-error" />}
      {!signers && !error ? (
        <Spin />
      ) : (
        <Form layout="vertical" onSubmitCapture={(e) => (e.preventDefault(), void submit())} data-testid="sign-dialog">
          <Row gutter={16}>
            <Col span={8}>
              {pad('assessor1Png', `评估员1（${signers?.assessor1.displayName ?? record.assessor1Name ?? ''}）签名`, 'pad-assessor1')}
              {secret('assessor1Secret', 'assessor1', 1)}
            </Col>
            <Col span={8}>
              {pad('assessor2Png', `评估员2（${signers?.assessor2.displayName ?? record.assessor2Name ?? ''}）签名`, 'pad-assessor2')}
              {secret('assessor2Secret', 'assessor2', 2)}
            </Col>
            <Col span={8}>
              {pad('informantPng', `信息提供者${record.header.informantName ? `（${record.header.informantName}）` : ''}签名（可选）`, 'pad-informant')}
            </Col>
          </Row>
          <RhfItem
            control={control}
            name="fullId"
            label="报告选项"
            render={({ value, onChange }) => (
              <Checkbox checked={!!value} onChange={(e) => onChange(e.target.checked)} data-testid="sign-full-id">
                显示完整身份号码（默认只显示前 6 位和后 4 位）
              </Checkbox>
            )}
          />
          <button type="submit" hidden />
        </Form>
      )}
    </Modal>
  );
}
