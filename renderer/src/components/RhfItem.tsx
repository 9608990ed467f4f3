import { Checkbox, Form, Radio } from 'antd';
import { cloneElement, isValidElement, useId, type ReactElement, type ReactNode } from 'react';
import { Controller, type Control, type FieldPath, type FieldValues } from 'react-hook-form';

/** A DOM id for a form field, so its label points at its input (screen readers, getByLabel). */
export function fieldId(name: string): string {
  return `field-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

/**
 * Ties a label to the one control inside it: the control gets `id` (the label's `for`), and
 * a group of radio buttons or checkboxes, which a label cannot point at, is named by the
 * label's text instead. A control that already has an id keeps it.
 */
export function labelled(child: ReactNode, id: string, label: ReactNode): ReactNode {
  if (!isValidElement(child)) return child;
  const el = child as ReactElement<Record<string, unknown>>;
  const props: Record<string, unknown> = {};
  if (el.props['id'] === undefined) props['id'] = id;
  const group = el.type === Radio.Group || el.type === Checkbox.Group;
  if (group && typeof label === 'string' && label && el.props['aria-label'] === undefined) {
    props['aria-label'] = label;
    props['role'] = el.type === Radio.Group ? 'radiogroup' : 'group';
  }
  return Object.keys(props).length ? cloneElement(el, props) : el;
}

/** antd's Form.Item with its label tied to its control (see `labelled`). */
export function LabeledItem(props: { label: ReactNode; extra?: ReactNode; validateStatus?: 'error'; help?: ReactNode; children: ReactNode; 'data-field'?: string }) {
  const id = `f${useId().replace(/[^A-Za-z0-9_-]/g, '')}`;
  return (
    <Form.Item label={props.label} htmlFor={id} extra={props.extra} validateStatus={props.validateStatus} help={props.help} data-field={props['data-field']}>
      {labelled(props.children, id, props.label)}
    </Form.Item>
  );
}

/**
 * antd's Form.Item for layout and messages only; react-hook-form owns the value (an antd
 * `name` would take the state over). The error shown is the zod schema's Chinese message.
 * The label is tied to the input (the render's `id`, or one put on the control it returns).
 */
export function RhfItem<T extends FieldValues>(props: {
  control: Control<T>;
  name: FieldPath<T>;
  label: ReactNode;
  extra?: ReactNode;
  render(field: { id: string; value: unknown; onChange(v: unknown): void; onBlur(): void }): ReactNode;
}) {
  const id = fieldId(props.name);
  return (
    <Controller
      control={props.control}
      name={props.name}
      render={({ field, fieldState }) => (
        <Form.Item
          label={props.label}
          htmlFor={id}
          extra={props.extra}
          validateStatus={fieldState.error ? 'error' : undefined}
          help={fieldState.error?.message}
          data-field={props.name}
        >
          {labelled(props.render({ id, value: field.value, onChange: field.onChange, onBlur: field.onBlur }), id, props.label) as never}
        </Form.Item>
      )}
    />
  );
}
