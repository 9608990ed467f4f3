import { Form } from 'antd';
import type { ReactNode } from 'react';
import { Controller, type Control, type FieldPath, type FieldValues } from 'react-hook-form';

/** A DOM id for a form field, so its label points at its input (screen readers, getByLabel). */
export function fieldId(name: string): string {
  return `field-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

/**
 * antd's Form.Item for layout and messages only; react-hook-form owns the value (an antd
 * `name` would take the state over). The error shown is the zod schema's Chinese message.
 * The label is tied to the input through `id`, which `render` must put on the input.
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
          {props.render({ id, value: field.value, onChange: field.onChange, onBlur: field.onBlur }) as never}
        </Form.Item>
      )}
    />
  );
}
