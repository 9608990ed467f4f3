import { Col, DatePicker, Input, Row, Select } from 'antd';
import dayjs from 'dayjs';
import type { Control } from 'react-hook-form';
import { boundField, headerLabel, type InstrumentDefinition } from '../../../shared/instruments';
import { localToday } from '../../../shared/policy';
import { ASSESSMENT_REASON_LABELS, ASSESSMENT_REASONS, assessmentDateProblem, mergedHeaderSchema, type AssessmentHeaderInput } from '../../../shared/validation';
import { RhfItem } from '../components/RhfItem';

export type HeaderValues = Omit<AssessmentHeaderInput, 'instrumentId' | 'supersedesId'>;

/**
 * The header's schema plus its date against this computer's today and the person's birth
 * date (read when validating: the person may load after the form). The store checks again.
 */
export function headerFormSchema(birthDate: () => string | null) {
  return mergedHeaderSchema.superRefine((h, ctx) => {
    const problem = assessmentDateProblem(h.assessmentDate, birthDate(), localToday());
    if (problem) ctx.addIssue({ code: 'custom', path: ['assessmentDate'], message: problem });
  });
}

/** The first step: the header (评估信息) and the informant, who signs the report, worded by the instrument. */
export function HeaderForm({
  def,
  control,
  assessors,
  reason,
  disabled,
}: {
  def: InstrumentDefinition;
  control: Control<HeaderValues>;
  assessors: { id: string; displayName: string }[];
  reason: string | undefined;
  disabled?: boolean;
}) {
  const assessorOptions = assessors.map((a) => ({ value: a.id, label: a.displayName }));
  const reasonField = boundField(def, 'reason');
  const reasonLabels = new Map(reasonField?.kind === 'single' ? reasonField.options.map((o) => [o.code, o.label] as const) : []);
  const relationField = boundField(def, 'informantRelation');
  const relations = relationField?.kind === 'single' ? relationField.options.map((o) => ({ value: o.code, label: o.label })) : [];
  const asksInformant = !!boundField(def, 'informantName');
  return (
    <div className="ant-form ant-form-vertical">
      <Row gutter={16}>
        <Col span={8}>
          <RhfItem
            control={control}
            name="assessmentNo"
            label={headerLabel(def, 'assessmentNo', '评估编号')}
            extra="留空则自动编号"
            render={(f) => <Input id={f.id} disabled={disabled} value={(f.value as string) ?? ''} onChange={(e) => f.onChange(e.target.value)} />}
          />
        </Col>
        <Col span={8}>
          <RhfItem
            control={control}
            name="assessmentDate"
            label={headerLabel(def, 'assessmentDate', '评估日期')}
            render={(f) => (
              <DatePicker
                id={f.id}
                disabled={disabled}
                style={{ width: '100%' }}
                value={typeof f.value === 'string' && f.value ? dayjs(f.value) : null}
                onChange={(d) => f.onChange(d ? d.format('YYYY-MM-DD') : '')}
                disabledDate={(d) => d.isAfter(dayjs(), 'day')}
                data-testid="header-assessment-date"
              />
            )}
          />
        </Col>
        <Col span={8}>
          <RhfItem
            control={control}
            name="reason"
            label={headerLabel(def, 'reason', '评估原因')}
            render={(f) => (
              <Select
                id={f.id}
                disabled={disabled}
                data-testid="header-reason"
                value={f.value}
                onChange={f.onChange}
                options={ASSESSMENT_REASONS.map((r) => ({ value: r, label: reasonLabels.get(r) ?? ASSESSMENT_REASON_LABELS[r] }))}
              />
            )}
          />
        </Col>
      </Row>
      {reason === 'other' && (
        <RhfItem
          control={control}
          name="reasonOther"
          label="评估原因说明"
          render={(f) => <Input id={f.id} disabled={disabled} value={(f.value as string) ?? ''} onChange={(e) => f.onChange(e.target.value)} />}
        />
      )}
      <Row gutter={16}>
        <Col span={8}>
          <RhfItem
            control={control}
            name="assessor1Id"
            label="评估员 1"
            render={(f) => <Select id={f.id} disabled={disabled} data-testid="header-assessor1" value={f.value} onChange={f.onChange} options={assessorOptions} />}
          />
        </Col>
        <Col span={8}>
          <RhfItem
            control={control}
            name="assessor2Id"
            label="评估员 2"
            render={(f) => <Select id={f.id} disabled={disabled} data-testid="header-assessor2" value={f.value} onChange={f.onChange} options={assessorOptions} />}
          />
        </Col>
        <Col span={8}>
          <RhfItem
            control={control}
            name="place"
            label="评估地点"
            render={(f) => <Input id={f.id} disabled={disabled} data-testid="header-place" value={(f.value as string) ?? ''} onChange={(e) => f.onChange(e.target.value)} />}
          />
        </Col>
      </Row>
      {asksInformant && (
        <Row gutter={16}>
          <Col span={8}>
            <RhfItem
              control={control}
              name="informantName"
              label={headerLabel(def, 'informantName', '信息提供者的姓名')}
              render={(f) => <Input id={f.id} disabled={disabled} data-testid="header-informant" value={(f.value as string) ?? ''} onChange={(e) => f.onChange(e.target.value)} />}
            />
          </Col>
          <Col span={8}>
            <RhfItem
              control={control}
              name="informantRelation"
              label={headerLabel(def, 'informantRelation', '信息提供者与老年人的关系')}
              render={(f) => <Select id={f.id} disabled={disabled} allowClear value={f.value ?? undefined} onChange={(v) => f.onChange(v ?? null)} options={relations} />}
            />
          </Col>
        </Row>
      )}
    </div>
  );
}
