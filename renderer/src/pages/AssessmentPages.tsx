import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Button, Card, Form, Select, Space, Spin, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import type { AssessmentRecord, MethodOutput, PersonRecord } from '../../../shared/contract';
import { DEFAULT_INSTRUMENT_ID, getInstrument, INSTRUMENTS } from '../../../shared/instruments';
import { useApi } from '../api/context';
import { AssessmentWizard, HEADER_STEP, stepsOf } from '../assessment/AssessmentWizard';
import { HeaderForm, headerFormSchema, type HeaderValues } from '../assessment/HeaderForm';
import { suggestInstruments, type InstrumentSuggestion } from '../assessment/suggest';
import { errorMessage, fieldErrors } from '../app/errors';
import { ApiCallError } from '../api/client';

import { navigate } from '../app/router';
import { useSession } from '../app/session';
import { canCall } from '../../../shared/contract';
import { ResultPage } from './ResultPage';
import { localToday } from '../../../shared/policy';

type Assessors = MethodOutput<'users.assessors'>;

/** Start an assessment: A.1 first; the draft exists (and autosaves) from the moment it is valid. */
export function NewAssessmentPage({ personId, supersedesId }: { personId: string; supersedesId: string | null }) {
  const api = useApi();
  const { user } = useSession();
  const [instrumentId, setInstrumentId] = useState(DEFAULT_INSTRUMENT_ID);
  // A reassessment repeats the instrument of the assessment it follows.
  const [instrumentLocked, setInstrumentLocked] = useState(false);
  const [person, setPerson] = useState<PersonRecord | null>(null);
  const [assessors, setAssessors] = useState<Assessors>([]);
  const [error, setError] = useState<string | null>(null);
  const [suggestions, setSuggestions] = useState<InstrumentSuggestion[]>([]);
  // A draft for this person begun elsewhere (another window, another assessor) since this page opened.
  const [openDraft, setOpenDraft] = useState<AssessmentRecord | null>(null);
  const birthDate = useRef<string | null>(null);
  const [schema] = useState(() => headerFormSchema(() => birthDate.current));
  const { control, handleSubmit, reset, setError: setFieldError, formState } = useForm<HeaderValues>({
    resolver: zodResolver(schema),
    defaultValues: { reason: 'first', assessmentDate: localToday(), assessor1Id: user?.userId ?? '', assessor2Id: '', place: '' },
  });
  const reason = useWatch({ control, name: 'reason' });
  const def = getInstrument(instrumentId) ?? getInstrument(DEFAULT_INSTRUMENT_ID)!;

  useEffect(() => {
    Promise.all([
      api.call('persons.get', { id: personId }),
      api.call('users.assessors', {}),
      api.call('assessments.listByPerson', { personId }),
      api.call('assessments.draftForPerson', { personId }),
      supersedesId ? api.call('assessments.get', { id: supersedesId }) : Promise.resolve(null),
      api.call('settings.get', {}),
    ]).then(
      ([p, a, history, draft, previous, settings]) => {
        if (draft) return navigate(`/assessments/${draft.id}`, { replace: true });
        if (previous) {
          setInstrumentId(previous.instrumentId);
          setInstrumentLocked(true);
        }
        setPerson(p);
        birthDate.current = p.birthDate;
        setAssessors(a);
        if (!previous) setSuggestions(suggestInstruments(p, history, localToday(), settings.reassessmentIntervalMonths));
        const done = history.some((h) => h.status !== 'draft');
        reset({
          reason: supersedesId ? 'review' : done ? 'routine' : 'first',
          assessmentDate: localToday(),
          assessor1Id: a.some((x) => x.id === user?.userId) ? user!.userId : '',
          assessor2Id: '',
          place: '',
        });
      },
      (e: unknown) => setError(errorMessage(e)),
    );
  }, [api, personId, supersedesId, reset, user]);

  const start = handleSubmit(async (header) => {
    setError(null);
    setOpenDraft(null);
    try {
      const draft = await api.call('assessments.createDraft', {
        personId,
        header: { ...header, instrumentId: def.id, supersedesId },
      });
      // Straight on to the first step after the header, which the draft now holds.
      navigate(`/assessments/${draft.id}?step=${encodeURIComponent(stepsOf(def)[1]?.key ?? HEADER_STEP)}`, { replace: true });
    } catch (e) {
      if (e instanceof ApiCallError && e.error.code === 'CONFLICT' && !e.error.fields?.length) {
        // One open draft per person: offer the one there is rather than a second.
        const existing = await api.call('assessments.draftForPerson', { personId }).catch(() => null);
        if (existing) setOpenDraft(existing);
      }
      for (const f of fieldErrors(e)) {
        const path = f.path.replace(/^header\./, '') as keyof HeaderValues;
        if (['assessmentDate', 'assessmentNo', 'reason', 'reasonOther', 'assessor1Id', 'assessor2Id', 'place', 'informantName'].includes(path)) setFieldError(path, { message: f.message });
      }
      setError(errorMessage(e));
    }
  });

  if (!person && !error) return <Spin />;
  return (
    <Card title={`开始评估 · ${person?.name ?? ''}`} extra={<Button onClick={() => history.back()}>返回</Button>}>
      <Typography.Paragraph type="secondary">
        先填写{def.headerTitle}。点击“开始评估”后即建立草稿，之后的每一步都会自动保存。
      </Typography.Paragraph>
      {error && (
        <Alert
          type="error"
          showIcon
          title={error}
          style={{ marginBottom: 12 }}
          data-testid="new-assessment-error"
          description={openDraft ? `${openDraft.header.assessmentDate} 开始的${getInstrument(openDraft.instrumentId)?.title ?? '评估'}尚未完成。` : undefined}
          action={
            openDraft ? (
              <Button size="small" type="primary" onClick={() => navigate(`/assessments/${openDraft.id}`)} data-testid="open-draft-resume">
                继续该草稿
              </Button>
            ) : undefined
          }
        />
      )}
      {INSTRUMENTS.length > 1 && (
        <Form layout="vertical">
          <Form.Item label="评估工具" htmlFor="new-assessment-instrument">
            <Select
              id="new-assessment-instrument"
              data-testid="instrument-choice"
              value={instrumentId}
              disabled={instrumentLocked}
              onChange={setInstrumentId}
              options={INSTRUMENTS.map((d) => ({ value: d.id, label: suggestions.some((x) => x.instrumentId === d.id) ? `${d.title}（建议）` : d.title }))}
              style={{ maxWidth: 480 }}
            />
          </Form.Item>
          {suggestions
            .filter((x) => x.instrumentId !== instrumentId)
            .map((x) => (
              <Alert
                key={x.instrumentId}
                type="info"
                showIcon
                style={{ marginBottom: 12 }}
                data-testid={`suggest-${x.instrumentId}`}
                title={`建议评估：${getInstrument(x.instrumentId)?.title ?? x.instrumentId}`}
                description={x.reason}
                action={
                  <Button size="small" onClick={() => setInstrumentId(x.instrumentId)}>
                    改用此工具
                  </Button>
                }
              />
            ))}
        </Form>
      )}
      <form onSubmit={(e) => void start(e)}>
        <HeaderForm def={def} control={control} assessors={assessors} reason={reason} />
        <Space>
          <Button type="primary" htmlType="submit" loading={formState.isSubmitting} data-testid="assessment-create">
            开始评估
          </Button>
        </Space>
      </form>
    </Card>
  );
}

/** A stored assessment: the wizard while it is a draft, the result once finalized. */
export function AssessmentPage({ id }: { id: string }) {
  const api = useApi();
  const [record, setRecord] = useState<AssessmentRecord | null>(null);
  const [person, setPerson] = useState<PersonRecord | null>(null);
  const [assessors, setAssessors] = useState<Assessors>([]);
  const [interval, setInterval] = useState(12);
  const [error, setError] = useState<string | null>(null);
  const { user } = useSession();

  useEffect(() => {
    setRecord(null);
    api
      .call('assessments.get', { id })
      .then(async (r) => {
        const canWrite = canCall(user?.role, 'assessments.saveDraft');
        const [p, a, s] = await Promise.all([
          api.call('persons.get', { id: r.personId }),
          r.status === 'draft' && canWrite ? api.call('users.assessors', {}) : Promise.resolve([]),
          api.call('settings.get', {}),
        ]);
        setPerson(p);
        setAssessors(a);
        setInterval(s.reassessmentIntervalMonths);
        setRecord(r);
      })
      .catch((e: unknown) => setError(errorMessage(e)));
  }, [api, id, user]);

  if (error) return <Alert type="error" showIcon title={error} />;
  if (!record || !person) return <Spin />;
  const def = getInstrument(record.instrumentId);
  if (!def) return <Alert type="error" showIcon title={`未知的评估工具：${record.instrumentId}`} />;
  if (record.status === 'draft') return <AssessmentWizard key={record.id} def={def} record={record} person={person} assessors={assessors} onFinalized={setRecord} />;
  return <ResultPage def={def} record={record} person={person} intervalMonths={interval} onChange={setRecord} />;
}
