import { Form } from 'antd';
import type { ReactNode } from 'react';
import { Controller, type Control, type FieldPath, type FieldValues } from 'react-hook-form';

/**
 * antd's Form.Item for layout and messages only; react-hook-form owns the value (an antd
 * `name` would take the state over). The error shown is the zod schema's Chinese message.
 */
export function RhfItem<T extends FieldValues>(props: {
  control: Control<T>;
  name: FieldPath<T>;
  label: ReactNode;
  extra?: ReactNode;
  render(field: { value: unknown; onChange(v: unknown): void; onBlur(): void }): ReactNode;
}) {
  return (
    <Controller
      control={props.control}
      name={props.name}
      render={({ field, fieldState }) => (
        <Form.Item
          label={props.label}
          extra={props.extra}
          validateStatus={fieldState.error ? 'error' : undefined}
          help={fieldState.error?.message}
          data-field={props.name}
        >
          {props.render({ value: field.value, onChange: field.onChange, onBlur: field.onBlur }) as never}
        </Form.Item>
      )}
    />
  );
}
