import { Col, DatePicker, Input, Row, Select } from 'antd';
import dayjs from 'dayjs';
import type { Control } from 'react-hook-form';
import { findField, GBT42195_2022 } from '../../../shared/instruments';
import { ASSESSMENT_REASON_LABELS, ASSESSMENT_REASONS, type AssessmentHeaderInput } from '../../../shared/validation';
import { RhfItem } from '../components/RhfItem';

export type HeaderValues = Omit<AssessmentHeaderInput, 'instrumentId' | 'supersedesId'>;

const relationField = findField(GBT42195_2022, 'A.3.2');
const RELATIONS = relationField?.kind === 'single' ? relationField.options.map((o) => ({ value: o.code, label: o.label })) : [];

/** A.1 评估信息 plus the informant of A.3.1/A.3.2, who signs the report. */
export function HeaderForm({
  control,
  assessors,
  reason,
  disabled,
}: {
  control: Control<HeaderValues>;
  assessors: { id: string; displayName: string }[];
  reason: string | undefined;
  disabled?: boolean;
}) {
  const assessorOptions = assessors.map((a) => ({ value: a.id, label: a.displayName }));
  return (
    <div className="ant-form ant-form-vertical">
      <Row gutter={16}>
        <Col span={8}>
          <RhfItem control={control} name="assessmentNo" label="A.1.1 评估编号" extra="留空则自动编号" render={(f) => <Input disabled={disabled} value={(f.value as string) ?? ''} onChange={(e) => f.onChange(e.target.value)} />} />
        </Col>
        <Col span={8}>
          <RhfItem
            control={control}
            name="assessmentDate"
            label="A.1.2 评估基准日期"
            render={(f) => (
              <DatePicker
                disabled={disabled}
                style={{ width: '100%' }}
                value={typeof f.value === 'string' && f.value ? dayjs(f.value) : null}
                onChange={(d) => f.onChange(d ? d.format('YYYY-MM-DD') : '')}
              />
            )}
          />
        </Col>
        <Col span={8}>
          <RhfItem
            control={control}
            name="reason"
            label="A.1.3 评估原因"
            render={(f) => (
              <Select
                disabled={disabled}
                data-testid="header-reason"
                value={f.value}
                onChange={f.onChange}
                options={ASSESSMENT_REASONS.map((r) => ({ value: r, label: ASSESSMENT_REASON_LABELS[r] }))}
              />
            )}
          />
        </Col>
      </Row>
      {reason === 'other' && (
        <RhfItem control={control} name="reasonOther" label="评估原因说明" render={(f) => <Input disabled={disabled} value={(f.value as string) ?? ''} onChange={(e) => f.onChange(e.target.value)} />} />
      )}
      <Row gutter={16}>
        <Col span={8}>
          <RhfItem control={control} name="assessor1Id" label="评估员 1" render={(f) => <Select disabled={disabled} data-testid="header-assessor1" value={f.value} onChange={f.onChange} options={assessorOptions} />} />
        </Col>
        <Col span={8}>
          <RhfItem control={control} name="assessor2Id" label="评估员 2" render={(f) => <Select disabled={disabled} data-testid="header-assessor2" value={f.value} onChange={f.onChange} options={assessorOptions} />} />
        </Col>
        <Col span={8}>
          <RhfItem control={control} name="place" label="评估地点" render={(f) => <Input disabled={disabled} data-testid="header-place" value={(f.value as string) ?? ''} onChange={(e) => f.onChange(e.target.value)} />} />
        </Col>
      </Row>
      <Row gutter={16}>
        <Col span={8}>
          <RhfItem control={control} name="informantName" label="A.3.1 信息提供者的姓名" render={(f) => <Input disabled={disabled} data-testid="header-informant" value={(f.value as string) ?? ''} onChange={(e) => f.onChange(e.target.value)} />} />
        </Col>
        <Col span={8}>
          <RhfItem control={control} name="informantRelation" label="A.3.2 信息提供者与老年人的关系" render={(f) => <Select disabled={disabled} allowClear value={f.value ?? undefined} onChange={(v) => f.onChange(v ?? null)} options={RELATIONS} />} />
        </Col>
      </Row>
    </div>
  );
}
