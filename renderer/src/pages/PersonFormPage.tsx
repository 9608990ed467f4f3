import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, App, AutoComplete, Button, Card, Checkbox, Col, DatePicker, Divider, Input, InputNumber, Radio, Row, Select, Space, Spin } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useForm, useWatch, type Path } from 'react-hook-form';
import { allFields, capabilityInstrument, type ChoiceOption } from '../../../shared/instruments';
import { ECONOMIC_LABELS } from '../../../shared/policy';
import { personFactsSchema } from '../../../shared/contract';
import { birthDateProblem, personInputSchema, validateIdNumber, type PersonData, type PersonInput } from '../../../shared/validation';
import { localToday } from '../../../shared/policy';
import { ApiCallError } from '../api/client';
import { useApi } from '../api/context';
import { RhfItem } from '../components/RhfItem';
import { errorMessage, fieldErrors } from '../app/errors';
import { QUANZHOU_COUNTIES } from '../app/places';
import { navigate } from '../app/router';

/** The options of the capability instrument's field that this person fact is bound to (A.2 of GB/T 42195). */
function optionsOf(personKey: string): { value: string; label: string }[] {
  const f = allFields(capabilityInstrument()).find((x) => x.bind && 'person' in x.bind && x.bind.person === personKey);
  const opts: readonly ChoiceOption[] = f && (f.kind === 'single' || f.kind === 'multi') ? f.options : [];
  return opts.map((o) => ({ value: o.code, label: o.label }));
}

const EMPTY: PersonInput = {
  name: '',
  sex: undefined as unknown as '男',
  birthDate: '',
  idNumber: '',
  economic: 'none',
  familyPlanningSpecial: false,
  disabilityGrade: 0,
  livingAlone: false,
  emptyNest: false,
  leftBehind: false,
  centralCareAllowance: false,
  livingArrangements: [],
  medicalPayment: [],
  incomeSources: [],
};

/** The store's schema plus the birth date against this computer's today (the store checks against its own). */
const formSchema = personInputSchema.superRefine((p, ctx) => {
  const problem = birthDateProblem(p.birthDate, localToday());
  if (problem) ctx.addIssue({ code: 'custom', path: ['birthDate'], message: problem });
});

/** Register a person, or edit one (`id` given). */
export function PersonFormPage({ id }: { id?: string }) {
  const api = useApi();
  const { message, modal } = App.useApp();
  const [loading, setLoading] = useState(Boolean(id));
  const [error, setError] = useState<string | null>(null);
  // Someone else saved this person since the form read them: the save was refused.
  const [conflict, setConflict] = useState(false);
  // The revision the form was read at; the store refuses a save over a newer one.
  const revision = useRef<number | null>(null);
  const { control, handleSubmit, reset, setValue, setError: setFieldError, clearErrors, getValues, formState } = useForm<PersonInput, unknown, PersonData>({
    resolver: zodResolver(formSchema),
    defaultValues: EMPTY,
  });

  const load = useCallback(() => {
    if (!id) return;
    api.call('persons.get', { id }).then(
      (p) => {
        // The record's facts only: the form edits what a person is, not what the store keeps about them.
        reset(personFactsSchema.parse(p) as PersonInput);
        revision.current = p.revision;
        setConflict(false);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => (setError(errorMessage(e)), setLoading(false)),
    );
  }, [api, id, reset]);
  useEffect(load, [load]);

  const economic = useWatch({ control, name: 'economic' });
  const living = useWatch({ control, name: 'livingArrangements' }) ?? [];

  // An 18-digit number fills birth date and sex; one already registered opens that person.
  const checkedId = useRef<string | null>(null);
  const onIdNumber = async (raw: string) => {
    const text = raw.replace(/\s+/g, '').toUpperCase();
    if (text.length !== 18 || text === checkedId.current) return;
    checkedId.current = text;
    const r = validateIdNumber(text);
    if (!r.ok) {
      setFieldError('idNumber', { message: r.message });
      return;
    }
    // A number corrected after a wrong check digit is right now: its old message goes.
    clearErrors('idNumber');
    setValue('birthDate', r.birthDate, { shouldValidate: true });
    setValue('sex', r.sex, { shouldValidate: true });
    try {
      const existing = await api.call('persons.findByIdNumber', { idNumber: r.idNumber });
      if (existing && existing.id !== id) {
        modal.info({
          title: '此人已登记',
          content: `公民身份号码已属于已登记的“${existing.name}”，将打开其档案。`,
          okText: '打开档案',
          onOk: () => navigate(`/persons/${existing.id}`),
        });
      }
    } catch {
      /* the duplicate check is a convenience; saving checks again */
    }
  };

  const submit = handleSubmit(async (data) => {
    setError(null);
    setConflict(false);
    try {
      const saved = id ? await api.call('persons.update', { id, revision: revision.current ?? 0, patch: data }) : await api.call('persons.create', data);
      void message.success(id ? '已保存' : '已登记');
      navigate(`/persons/${saved.id}`, { replace: !id });
    } catch (e) {
      if (id && e instanceof ApiCallError && e.error.code === 'CONFLICT' && !e.error.fields?.length) {
        setConflict(true);
        setError(errorMessage(e));
        return;
      }
      const fields = fieldErrors(e);
      for (const f of fields) {
        const path = f.path.replace(/^patch\./, '');
        if (path && path in getValues()) setFieldError(path as Path<PersonInput>, { message: f.message });
      }
      setError(errorMessage(e));
    }
  });

  if (loading) return <Spin />;

  const text = (name: Path<PersonInput>, label: string, extra?: Partial<React.ComponentProps<typeof Input>>) => (
    <RhfItem control={control} name={name} label={label} render={(f) => <Input id={f.id} value={(f.value as string) ?? ''} onChange={(e) => f.onChange(e.target.value)} onBlur={f.onBlur} {...extra} />} />
  );
  const single = (name: Path<PersonInput>, label: string) => (
    <RhfItem control={control} name={name} label={label} render={(f) => <Select id={f.id} allowClear value={f.value ?? undefined} onChange={(v) => f.onChange(v ?? null)} options={optionsOf(name)} />} />
  );
  const multi = (name: Path<PersonInput>, label: string) => (
    <RhfItem control={control} name={name} label={label} render={(f) => (
        <div role="group" id={f.id} aria-label={label}>
          <Checkbox.Group value={(f.value as string[]) ?? []} onChange={(v) => f.onChange(v)} options={optionsOf(name)} />
        </div>
      )} />
  );
  const flag = (name: Path<PersonInput>, label: string) => (
    <RhfItem control={control} name={name} label="" render={(f) => <Checkbox checked={Boolean(f.value)} onChange={(e) => f.onChange(e.target.checked)} data-testid={`flag-${name}`}>{label}</Checkbox>} />
  );

  return (
    <Card title={id ? '修改老年人信息' : '登记老年人'} extra={<Button onClick={() => history.back()}>返回</Button>}>
      {error && (
        <Alert
          type="error"
          showIcon
          title={error}
          style={{ marginBottom: 16 }}
          data-testid="person-form-error"
          description={conflict ? '点“刷新”载入他人保存后的资料，再重新填写您的修改（本页尚未保存的修改会丢失）。' : undefined}
          action={
            conflict ? (
              <Button size="small" type="primary" onClick={load} data-testid="person-form-reload">
                刷新
              </Button>
            ) : undefined
          }
        />
      )}
      <form onSubmit={(e) => void submit(e)}>
        <div className="ant-form ant-form-vertical">
          <Row gutter={16}>
            <Col span={8}>
              <RhfItem
                control={control}
                name="idNumber"
                label="公民身份号码"
                extra="输入 18 位号码后自动填写出生日期和性别"
                render={(f) => (
                  <Input
                    value={(f.value as string) ?? ''}
                    maxLength={18}
                    data-testid="person-id-number"
                    onChange={(e) => (f.onChange(e.target.value), void onIdNumber(e.target.value))}
                    onBlur={f.onBlur}
                  />
                )}
              />
            </Col>
            <Col span={6}>{text('name', '姓名', { 'data-testid': 'person-name' } as never)}</Col>
            <Col span={4}>
              <RhfItem control={control} name="sex" label="性别" render={(f) => <Radio.Group value={f.value} onChange={(e) => f.onChange(e.target.value)} options={['男', '女']} />} />
            </Col>
            <Col span={6}>
              <RhfItem
                control={control}
                name="birthDate"
                label="出生日期"
                render={(f) => (
                  <DatePicker
                    style={{ width: '100%' }}
                    value={typeof f.value === 'string' && f.value ? dayjs(f.value) : null}
                    onChange={(d) => f.onChange(d ? d.format('YYYY-MM-DD') : '')}
                    disabledDate={(d) => d.isAfter(dayjs(), 'day')}
                    data-testid="person-birth-date"
                  />
                )}
              />
            </Col>
          </Row>
          <Row gutter={16}>
            <Col span={6}>{text('phone', '联系电话')}</Col>
            <Col span={6}>
              <RhfItem control={control} name="county" label="县（市、区）" render={(f) => <AutoComplete value={(f.value as string) ?? ''} onChange={f.onChange} options={QUANZHOU_COUNTIES.map((c) => ({ value: c }))} />} />
            </Col>
            <Col span={6}>{text('township', '乡镇（街道）')}</Col>
            <Col span={6}>{text('village', '村（居）')}</Col>
          </Row>
          {text('address', '详细地址')}
          <Divider titlePlacement="start">社会经济状况（用于确定服务对象类别）</Divider>
          <Row gutter={16}>
            <Col span={8}>
              <RhfItem
                control={control}
                name="economic"
                label="经济状况"
                render={(f) => (
                  <Select value={f.value} onChange={(v) => (f.onChange(v), v !== 'tekun' && setValue('tekunMode', null))} options={Object.entries(ECONOMIC_LABELS).map(([value, label]) => ({ value, label }))} data-testid="person-economic" />
                )}
              />
            </Col>
            {economic === 'tekun' && (
              <Col span={8}>
                <RhfItem
                  control={control}
                  name="tekunMode"
                  label="特困供养方式"
                  render={(f) => <Radio.Group value={f.value} onChange={(e) => f.onChange(e.target.value)} options={[{ value: 'dispersed', label: '分散供养' }, { value: 'centralized', label: '集中供养' }]} />}
                />
              </Col>
            )}
            <Col span={8}>
              <RhfItem
                control={control}
                name="disabilityGrade"
                label="残疾等级"
                render={(f) => (
                  <Select value={f.value} onChange={f.onChange} options={[{ value: 0, label: '无' }, ...[1, 2, 3, 4].map((g) => ({ value: g, label: `${['一', '二', '三', '四'][g - 1]}级` }))]} />
                )}
              />
            </Col>
          </Row>
          <Space size="large" wrap>
            {flag('familyPlanningSpecial', '计划生育特殊家庭')}
            <RhfItem
              control={control}
              name="livingAlone"
              label=""
              render={(f) => (
                <Checkbox
                  checked={Boolean(f.value)}
                  data-testid="flag-livingAlone"
                  onChange={(e) => {
                    f.onChange(e.target.checked);
                    const list = getValues('livingArrangements') ?? [];
                    setValue('livingArrangements', e.target.checked ? ['alone'] : list.filter((c) => c !== 'alone'), { shouldValidate: true });
                  }}
                >
                  独居
                </Checkbox>
              )}
            />
            {flag('emptyNest', '空巢')}
            {flag('leftBehind', '留守')}
            {flag('centralCareAllowance', '享受集中照护补助')}
          </Space>
          <Divider titlePlacement="start">基本信息（附录 A.2）</Divider>
          <Row gutter={16}>
            <Col span={6}>{single('ethnicity', '民族')}</Col>
            <Col span={6}>{text('ethnicityDetail', '少数民族名称')}</Col>
            <Col span={6}>{single('religion', '宗教信仰')}</Col>
            <Col span={6}>{text('religionDetail', '宗教信仰（有）')}</Col>
          </Row>
          <Row gutter={16}>
            <Col span={6}>{single('education', '文化程度')}</Col>
            <Col span={6}>{single('maritalStatus', '婚姻状况')}</Col>
            <Col span={6}>
              <RhfItem control={control} name="heightCm" label="身高（cm）" render={(f) => <InputNumber style={{ width: '100%' }} value={f.value as number | null} onChange={(v) => f.onChange(v ?? null)} />} />
            </Col>
            <Col span={6}>
              <RhfItem control={control} name="weightKg" label="体重（kg）" render={(f) => <InputNumber style={{ width: '100%' }} value={f.value as number | null} onChange={(v) => f.onChange(v ?? null)} />} />
            </Col>
          </Row>
          <RhfItem
            control={control}
            name="livingArrangements"
            label="居住情况（多选）"
            render={(f) => (
              <Checkbox.Group
                value={(f.value as string[]) ?? []}
                options={optionsOf('livingArrangements')}
                onChange={(v) => {
                  // 独居 is one fact in two places (A.2.10 and the policy flag): keep them in step.
                  const list = v.includes('alone') && !living.includes('alone') ? ['alone'] : v.filter((c) => c !== 'alone' || v.length === 1);
                  f.onChange(list);
                  setValue('livingAlone', list.includes('alone'), { shouldValidate: true });
                }}
              />
            )}
          />
          {multi('medicalPayment', '医疗费用支付方式（多选）')}
          {multi('incomeSources', '经济来源（多选）')}
          <Button type="primary" htmlType="submit" loading={formState.isSubmitting} data-testid="person-save">
            {id ? '保存' : '登记'}
          </Button>
        </div>
      </form>
    </Card>
  );
}
