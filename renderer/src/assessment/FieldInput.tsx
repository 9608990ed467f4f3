import { Checkbox, DatePicker, Input, InputNumber, Radio, Space, Table, Button } from 'antd';
import dayjs from 'dayjs';
import type { ChoiceOption, FormField } from '../../../shared/instruments';

/**
 * One Annex A field, drawn from the instrument definition. Values are plain JSON so
 * they save as they are: text/date → string, number → number, single → option code,
 * multi → option codes, count → number, table → rows of strings. A `specify` blank is
 * stored beside the field as `<code>#<option code>`.
 */
export type FieldValue = string | number | string[] | Record<string, string>[] | null | undefined;

export interface FieldInputProps {
  field: Exclude<FormField, { kind: 'group' }>;
  value: FieldValue;
  onChange(value: FieldValue): void;
  specifyValues: Record<string, string>;
  onSpecify(optionCode: string, text: string): void;
  disabled?: boolean;
  /** The control's DOM id, which the field's label points at. */
  id?: string;
  /** The label's text, for groups of choices (a label cannot point at a group: it names it instead). */
  label?: string;
}

function SpecifyInput(props: { option: ChoiceOption; value: string; onChange(v: string): void; disabled?: boolean }) {
  if (!props.option.specify) return null;
  return (
    <Input
      size="small"
      style={{ width: 200, marginLeft: 8 }}
      placeholder={props.option.specify}
      aria-label={props.option.specify}
      value={props.value}
      disabled={props.disabled}
      onChange={(e) => props.onChange(e.target.value)}
    />
  );
}

function flatOptions(options: readonly ChoiceOption[]): ChoiceOption[] {
  return options.flatMap((o) => [o, ...flatOptions(o.children ?? [])]);
}

export function FieldInput({ field, value, onChange, specifyValues, onSpecify, disabled, id, label }: FieldInputProps) {
  switch (field.kind) {
    case 'text':
      return field.multiline ? (
        <Input.TextArea id={id} rows={2} value={(value as string) ?? ''} disabled={disabled} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <Input id={id} value={(value as string) ?? ''} maxLength={field.length} disabled={disabled} onChange={(e) => onChange(e.target.value)} />
      );
    case 'date':
      return (
        <DatePicker
          id={id}
          value={typeof value === 'string' && value ? dayjs(value) : null}
          disabled={disabled}
          onChange={(d) => onChange(d ? d.format('YYYY-MM-DD') : null)}
        />
      );
    case 'number':
      return (
        <InputNumber
          id={id}
          value={typeof value === 'number' ? value : null}
          min={field.min}
          max={field.max}
          precision={field.decimals}
          addonAfter={field.unit}
          disabled={disabled}
          onChange={(v) => onChange(typeof v === 'number' ? v : null)}
        />
      );
    case 'single':
      return (
        <Radio.Group id={id} role="radiogroup" aria-label={label} value={value ?? undefined} disabled={disabled} onChange={(e) => onChange(e.target.value as string)}>
          <Space wrap>
            {flatOptions(field.options).map((o) => (
              <span key={o.code}>
                <Radio value={o.code}>{o.icd ? `${o.label} ${o.icd}` : o.label}</Radio>
                {value === o.code && (
                  <SpecifyInput option={o} value={specifyValues[o.code] ?? ''} onChange={(t) => onSpecify(o.code, t)} disabled={disabled} />
                )}
              </span>
            ))}
          </Space>
        </Radio.Group>
      );
    case 'multi': {
      const selected = Array.isArray(value) ? (value as string[]) : [];
      const options = flatOptions(field.options);
      const toggle = (code: string, on: boolean) => {
        const option = options.find((o) => o.code === code);
        if (!on) return onChange(selected.filter((c) => c !== code));
        // An exclusive option ("无") clears the others, and any other clears it.
        if (option?.exclusive) return onChange([code]);
        const exclusive = new Set(options.filter((o) => o.exclusive).map((o) => o.code));
        onChange([...selected.filter((c) => !exclusive.has(c)), code]);
      };
      return (
        <Space wrap id={id} role="group" aria-label={label}>
          {options.map((o) => (
            <span key={o.code}>
              <Checkbox checked={selected.includes(o.code)} disabled={disabled} onChange={(e) => toggle(o.code, e.target.checked)}>
                {o.icd ? `${o.label} ${o.icd}` : o.label}
              </Checkbox>
              {selected.includes(o.code) && (
                <SpecifyInput option={o} value={specifyValues[o.code] ?? ''} onChange={(t) => onSpecify(o.code, t)} disabled={disabled} />
              )}
            </span>
          ))}
        </Space>
      );
    }
    case 'count':
      return (
        <Space wrap>
          <Radio.Group id={id} role="radiogroup" aria-label={label} value={typeof value === 'number' ? value : 0} disabled={disabled} onChange={(e) => onChange(e.target.value as number)}>
            {field.options.map((o) => (
              <Radio key={o.value} value={o.value}>
                {o.label}
              </Radio>
            ))}
          </Radio.Group>
          {field.specify && (
            <Input
              size="small"
              style={{ width: 200 }}
              placeholder={field.specify}
              aria-label={field.specify}
              value={specifyValues['text'] ?? ''}
              disabled={disabled}
              onChange={(e) => onSpecify('text', e.target.value)}
            />
          )}
        </Space>
      );
    case 'table': {
      const rows = Array.isArray(value) ? (value as Record<string, string>[]) : [];
      const setCell = (i: number, key: string, text: string) =>
        onChange(rows.map((r, j) => (j === i ? { ...r, [key]: text } : r)));
      return (
        <div>
          <Table
            size="small"
            pagination={false}
            rowKey={(_r, i) => String(i)}
            dataSource={rows}
            columns={[
              ...field.columns.map((c) => ({
                title: c.label,
                key: c.key,
                render: (_: unknown, row: Record<string, string>, i: number) => (
                  <Input size="small" value={row[c.key] ?? ''} disabled={disabled} onChange={(e) => setCell(i, c.key, e.target.value)} />
                ),
              })),
              {
                title: '',
                key: '_remove',
                width: 60,
                render: (_: unknown, _row: Record<string, string>, i: number) => (
                  <Button size="small" type="link" disabled={disabled} onClick={() => onChange(rows.filter((_r, j) => j !== i))}>
                    删除
                  </Button>
                ),
              },
            ]}
          />
          <Button size="small" style={{ marginTop: 4 }} disabled={disabled} onClick={() => onChange([...rows, {}])}>
            添加一行
          </Button>
        </div>
      );
    }
  }
}
