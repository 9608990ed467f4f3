import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, App, Button, Card, Col, Descriptions, Form, List, Row, Space, Steps, Tag, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import type { AssessmentAnswers, AssessmentRecord, PersonRecord } from '../../../shared/contract';
import { allItems, personFieldInWords, printLabel, type FormField, type FormSection, type InstrumentDefinition } from '../../../shared/instruments';
import { previewAssessment, validateAnswers } from '../../../shared/scoring';
import { useApi } from '../api/context';
import { errorMessage } from '../app/errors';
import { navigate, queryParam, usePath } from '../app/router';
import { useSession } from '../app/session';
import { factFieldRoles, readField, specifyKey, writeField } from './draft-state';
import { FieldInput, type FieldValue } from './FieldInput';
import { fieldId } from '../components/RhfItem';
import { HeaderForm, headerFormSchema, type HeaderValues } from './HeaderForm';
import { ItemStep } from './ItemStep';
import { ScorePanel } from './ScorePanel';
import { useAutosave } from './useAutosave';
import { maskIdNumber } from '../app/format';
import { formatTime } from '../../../shared/util/dates';

interface Step {
  key: string;
  /** What the step bar shows: the form's or indicator's code, short enough never to wrap. */
  short: string;
  title: string;
}

export const HEADER_STEP = 'header';

const isHeaderBound = (f: FormField) => !!f.bind && 'header' in f.bind;
const isPersonBound = (f: FormField) => !!f.bind && 'person' in f.bind;

/**
 * The steps, from the definition: the header first, then every form section that asks
 * something beyond the header (person-bound fields are shown there read-only), then each
 * indicator, then review.
 */
export function stepsOf(def: InstrumentDefinition): Step[] {
  return [
    { key: HEADER_STEP, short: '评估信息', title: def.headerTitle },
    ...def.forms
      .filter((f) => f.fields.some((x) => !isHeaderBound(x)))
      .map((f) => ({ key: f.code, short: f.code, title: f.title.replace(/表$/, '') })),
    ...def.indicators.map((i) => ({ key: i.code, short: i.code, title: i.name })),
    { key: 'review', short: '复核', title: '复核并完成' },
  ];
}

/**
 * The assessment, step by step, driven by the instrument definition: Annex A forms,
 * then each Annex B indicator one item at a time, then review. The position is kept
 * in the address (`?step=…&item=…`), so a reload lands where the assessor was.
 */
export function AssessmentWizard({
  def,
  record,
  person,
  assessors,
  onFinalized,
}: {
  def: InstrumentDefinition;
  record: AssessmentRecord;
  person: PersonRecord;
  assessors: { id: string; displayName: string }[];
  onFinalized(record: AssessmentRecord): void;
}) {
  const api = useApi();
  const { modal, message } = App.useApp();
  const { lock } = useSession();
  const path = usePath();
  const steps = useMemo(() => stepsOf(def), [def]);
  const items = useMemo(() => allItems(def), [def]);
  const roles = useMemo(() => factFieldRoles(def), [def]);
  const { answers, update, updateHeader, flush, state, savedAt, error, revision } = useAutosave(api, record, lock);
  const [finalizing, setFinalizing] = useState(false);

  const stepKey = queryParam(path, 'step') ?? HEADER_STEP;
  const stepIndex = Math.max(0, steps.findIndex((s) => s.key === stepKey));
  const step = steps[stepIndex]!;
  const indicator = def.indicators.find((i) => i.code === step.key);
  const itemCode = queryParam(path, 'item') ?? indicator?.items[0]?.code;

  const go = useCallback(
    (key: string, item?: string) => navigate(`/assessments/${record.id}?step=${encodeURIComponent(key)}${item ? `&item=${encodeURIComponent(item)}` : ''}`, { replace: true }),
    [record.id],
  );

  // A.1 through react-hook-form and the contract's own header schema; valid changes autosave.
  const [headerSchema] = useState(() => headerFormSchema(() => person.birthDate));
  const { control, formState, trigger, getValues } = useForm<HeaderValues>({
    resolver: zodResolver(headerSchema),
    mode: 'onChange',
    defaultValues: record.header as HeaderValues,
  });
  const headerValues = useWatch({ control });
  useEffect(() => {
    if (!formState.isDirty) return;
    void trigger().then((valid) => {
      if (valid) updateHeader(getValues());
    });
  }, [headerValues, formState.isDirty, trigger, getValues, updateHeader]);

  const preview = useMemo(() => previewAssessment(def, answers.scoring), [def, answers.scoring]);
  const validation = useMemo(() => validateAnswers(def, answers.scoring), [def, answers.scoring]);

  const pickScore = (code: string, score: number) => {
    update({ ...answers, scoring: { ...answers.scoring, items: { ...answers.scoring.items, [code]: score } } });
    const i = items.findIndex((it) => it.code === code);
    const next = items[i + 1];
    if (!next) return go('review');
    const nextIndicator = def.indicators.find((ind) => ind.items.some((it) => it.code === next.code))!;
    go(nextIndicator.code, next.code);
  };

  const setField = (code: string, value: FieldValue) => update(writeField(roles, answers, code, value));
  const setSpecify = (code: string, option: string, text: string) => update({ ...answers, basic: { ...answers.basic, [specifyKey(code, option)]: text } });

  const finalize = async () => {
    if (!(await flush())) return void message.error('草稿尚未保存成功，请稍后再试');
    setFinalizing(true);
    try {
      const started = performance.now();
      // The revision this window last saved: if someone else changed the draft since, the
      // store answers CONFLICT instead of finalizing content this assessor never saw.
      const finalized = await api.call('assessments.finalize', { id: record.id, revision: revision.current });
      // Lets the benchmark measure click → result shown.
      (window as unknown as { __finalizeClickedAt?: number }).__finalizeClickedAt = started;
      navigate(`/assessments/${record.id}`, { replace: true });
      onFinalized(finalized);
    } catch (e) {
      void message.error(errorMessage(e));
    } finally {
      setFinalizing(false);
    }
  };

  const headerValid = headerSchema.safeParse(getValues()).success;
  const problems: { text: string; step: string; item?: string }[] = [];
  if (!headerValid) problems.push({ text: `${def.headerTitle}不完整或有误`, step: HEADER_STEP });
  for (const code of preview.result?.missing ?? items.filter((it) => answers.scoring.items[it.code] == null).map((it) => it.code)) {
    if (answers.scoring.coma) break;
    const it = items.find((x) => x.code === code)!;
    const ind = def.indicators.find((d) => d.items.includes(it))!;
    problems.push({ text: `${code} ${it.name} 未评分`, step: ind.code, item: code });
  }
  if (!validation.ok) {
    for (const e of validation.errors) {
      if (/未评分|缺少/.test(e.message)) continue;
      const code = e.path.replace(/^items\./, '');
      const it = items.find((x) => x.code === code);
      const ind = it && def.indicators.find((d) => d.items.includes(it));
      const factField = def.forms.find((f) => f.fields.some((x) => x.code === def.facts.coma?.field))?.code;
      problems.push({ text: `${e.path}：${e.message}`, step: ind?.code ?? factField ?? HEADER_STEP, item: it?.code });
    }
  }
  const complete = problems.length === 0 && validation.ok;

  const renderSection = (section: FormSection) => {
    const fromPerson = section.fields.filter(isPersonBound);
    return (
      <>
        {fromPerson.length > 0 && (
          <>
            <Typography.Paragraph type="secondary">以下信息取自老年人档案，如需更正请在档案中修改：</Typography.Paragraph>
            <Descriptions size="small" column={3} bordered style={{ marginBottom: 12 }} data-testid="person-bound">
              {fromPerson.map((f) => (
                <Descriptions.Item key={f.code} label={`${f.code} ${printLabel(f.label)}`}>
                  {f.bind && 'person' in f.bind && f.bind.person === 'idNumber' ? maskIdNumber(person.idNumber) : (personFieldInWords(f, person) ?? '—')}
                </Descriptions.Item>
              ))}
            </Descriptions>
          </>
        )}
        <Form layout="vertical">{section.fields.filter((f) => !isHeaderBound(f) && !isPersonBound(f)).map((f) => renderField(f))}</Form>
      </>
    );
  };

  const renderField = (f: FormField): React.ReactNode => {
    if (f.kind === 'group')
      return (
        <Card key={f.code} size="small" title={`${f.code} ${f.label}`} style={{ marginBottom: 12 }}>
          {f.fields.map(renderField)}
        </Card>
      );
    const specifyValues: Record<string, string> = {};
    for (const [k, v] of Object.entries(answers.basic)) if (k.startsWith(`${f.code}#`)) specifyValues[k.slice(f.code.length + 1)] = String(v ?? '');
    return (
      <Form.Item key={f.code} label={`${f.code} ${f.label}`} htmlFor={fieldId(f.code)} extra={f.note} data-testid={`field-${f.code}`}>
        <FieldInput
          id={fieldId(f.code)}
          label={`${f.code} ${f.label}`}
          field={f}
          value={readField(roles, answers, f.code) as FieldValue}
          onChange={(v) => setField(f.code, v)}
          specifyValues={specifyValues}
          onSpecify={(opt, text) => setSpecify(f.code, opt, text)}
        />
      </Form.Item>
    );
  };

  let body: React.ReactNode;
  if (step.key === HEADER_STEP) {
    body = <HeaderForm def={def} control={control} assessors={assessors} reason={headerValues.reason} />;
  } else if (indicator) {
    const item = indicator.items.find((i) => i.code === itemCode) ?? indicator.items[0]!;
    const index = items.findIndex((i) => i.code === item.code);
    body = (
      <Row gutter={16}>
        <Col flex="210px">
          <List
            size="small"
            dataSource={[...indicator.items]}
            renderItem={(it) => {
              const v = answers.scoring.items[it.code];
              return (
                <List.Item
                  onClick={() => go(indicator.code, it.code)}
                  style={{ cursor: 'pointer', background: it.code === item.code ? '#e6f4ff' : undefined, paddingInline: 8 }}
                  data-testid={`nav-${it.code}`}
                >
                  <span style={{ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis', minWidth: 0 }} title={`${it.code} ${it.name}`}>
                    {it.code} {it.name}
                  </span>
                  {v == null ? <Tag>未评</Tag> : <Tag color="blue">{v}分</Tag>}
                </List.Item>
              );
            }}
          />
        </Col>
        <Col flex="1">
          <ItemStep item={item} index={index} count={items.length} value={answers.scoring.items[item.code]} onPick={(s) => pickScore(item.code, s)} autoFocus />
        </Col>
      </Row>
    );
  } else if (step.key === 'review') {
    body = (
      <div data-testid="review">
        {complete ? (
          <Alert type="success" showIcon title="全部项目已填写，可以完成评估。完成后评估内容不能再修改。" style={{ marginBottom: 12 }} />
        ) : (
          <Alert type="warning" showIcon title={`还有 ${problems.length} 处需要处理，处理后才能完成评估`} style={{ marginBottom: 12 }} />
        )}
        {problems.length > 0 && (
          <List
            size="small"
            dataSource={problems}
            renderItem={(p) => (
              <List.Item>
                <a onClick={() => go(p.step, p.item)} data-testid="review-problem">
                  {p.text}
                </a>
              </List.Item>
            )}
          />
        )}
        <Button type="primary" size="large" disabled={!complete} loading={finalizing} onClick={() => modal.confirm({ title: '完成评估？', content: '完成后将计算最终等级和服务对象类别，评估内容不能再修改（更正需新建复评）。', okText: '完成评估', cancelText: '再检查一下', onOk: finalize })} data-testid="finalize">
          完成评估
        </Button>
      </div>
    );
  } else {
    const section = def.forms.find((f) => f.code === step.key)!;
    body = renderSection(section);
  }

  const saveText = { saved: savedAt ? `已自动保存 ${formatTime(savedAt)}` : '已保存', pending: '有未保存的修改…', saving: '正在保存…', error: `保存失败：${error ?? ''}` }[state];

  return (
    <Row gutter={16} wrap={false}>
      <Col flex="1" style={{ minWidth: 0 }}>
        <Card
          title={
            <Space>
              <span>
                {person.name} · {def.title} · {step.title}
              </span>
              <Tag color={state === 'error' ? 'red' : state === 'saved' ? 'green' : 'gold'} data-testid="save-state">
                {saveText}
              </Tag>
            </Space>
          }
          extra={<Button onClick={() => navigate(`/persons/${person.id}`)}>暂时离开（草稿已保存）</Button>}
        >
          <Steps
            size="small"
            current={stepIndex}
            onChange={(i) => go(steps[i]!.key)}
            items={steps.map((s) => ({ title: <span style={{ whiteSpace: 'nowrap' }} title={s.title} data-testid="step-title">{s.short}</span> }))}
            style={{ marginBottom: 16 }}
            data-testid="step-bar"
          />
          {body}
          <Space style={{ marginTop: 16 }}>
            <Button disabled={stepIndex === 0} onClick={() => go(steps[stepIndex - 1]!.key)}>
              上一步
            </Button>
            {step.key !== 'review' && (
              <Button type="primary" onClick={() => go(steps[stepIndex + 1]!.key)} data-testid="next-step">
                下一步
              </Button>
            )}
          </Space>
        </Card>
      </Col>
      <Col flex="300px">
        <div style={{ position: 'sticky', top: 16 }}>
          <ScorePanel def={def} preview={preview} />
        </div>
      </Col>
    </Row>
  );
}

export type { AssessmentAnswers };
