import { Card, Tag, Typography } from 'antd';
import { useEffect, useRef } from 'react';
import type { Item } from '../../../shared/instruments';

export interface ItemStepProps {
  item: Item;
  /** Position among all items, for "第 n / 26 项". */
  index: number;
  count: number;
  value: number | null | undefined;
  onPick(score: number): void;
  disabled?: boolean;
  autoFocus?: boolean;
}

/**
 * One Annex B item: its definition and every option as a large card with the full
 * criterion text. The number key of an option's score picks it (the parent then moves
 * on), so an assessor can score every item without the mouse.
 */
export function ItemStep({ item, index, count, value, onPick, disabled, autoFocus }: ItemStepProps) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (autoFocus) ref.current?.focus();
  }, [autoFocus, item.code]);

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (disabled || e.altKey || e.ctrlKey || e.metaKey) return;
    if (/^[0-9]$/.test(e.key)) {
      const score = Number(e.key);
      if (item.options.some((o) => o.score === score)) {
        e.preventDefault();
        onPick(score);
      }
    }
  };

  return (
    <div
      ref={ref}
      tabIndex={0}
      onKeyDown={onKeyDown}
      data-testid={`item-${item.code}`}
      aria-label={`${item.code} ${item.name}`}
      style={{ outline: 'none' }}
    >
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        <Tag color="blue">{item.code}</Tag>
        {item.name}
        <Typography.Text type="secondary" style={{ fontSize: 14, marginLeft: 12 }}>
          第 {index + 1} / {count} 项 · 满分 {item.max} 分
        </Typography.Text>
      </Typography.Title>
      {item.definition && <Typography.Paragraph>{item.definition}</Typography.Paragraph>}
      {item.note && <Typography.Paragraph type="secondary">{item.note}</Typography.Paragraph>}
      <div role="radiogroup" aria-label={item.name} style={{ display: 'grid', gap: 8 }}>
        {item.options.map((o) => {
          const selected = value === o.score;
          return (
            <Card
              key={o.score}
              size="small"
              hoverable={!disabled}
              role="radio"
              aria-checked={selected}
              data-testid={`option-${item.code}-${o.score}`}
              onClick={() => !disabled && onPick(o.score)}
              style={{
                cursor: disabled ? 'default' : 'pointer',
                borderColor: selected ? '#1677ff' : undefined,
                background: selected ? '#e6f4ff' : undefined,
                borderWidth: selected ? 2 : 1,
              }}
            >
              <div style={{ display: 'flex', gap: 12, alignItems: 'flex-start' }}>
                <Tag color={selected ? 'blue' : 'default'} style={{ fontSize: '1.1em', padding: '2px 10px', margin: 0 }}>
                  {o.score}分
                </Tag>
                <span style={{ fontSize: '1.05em', lineHeight: 1.6 }}>{o.criterion}</span>
              </div>
            </Card>
          );
        })}
      </div>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        按数字键（{item.options.map((o) => o.score).join('、')}）选择对应分值并进入下一项。
      </Typography.Paragraph>
    </div>
  );
}
