import { Alert, Card, Progress, Space, Tag, Typography } from 'antd';
import type { AssessmentPreview } from '../../../shared/scoring';
import type { InstrumentDefinition } from '../../../shared/instruments';
import { LEVEL_COLORS } from '../app/format';

/** Always-visible running figures: subtotals, total, preliminary level, adjustments that hold. */
export function ScorePanel({ def, preview }: { def: InstrumentDefinition; preview: AssessmentPreview }) {
  const levelName = (l: number) => def.levels.find((x) => x.level === l)?.name ?? String(l);
  const final = preview.result?.finalLevel;
  return (
    <Card size="small" title="实时计分" data-testid="score-panel">
      <Space direction="vertical" style={{ width: '100%' }} size={4}>
        {preview.indicators.map((ind) => (
          <div key={ind.code} data-testid={`subtotal-${ind.code}`}>
            <div style={{ display: 'flex', justifyContent: 'space-between' }}>
              <span>
                {ind.code} {ind.name}
              </span>
              <span>
                <strong>{ind.sum}</strong> / {ind.max}
              </span>
            </div>
            <Progress percent={Math.round((ind.answered / ind.count) * 100)} size="small" showInfo={false} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              已评 {ind.answered}/{ind.count} 项
            </Typography.Text>
          </div>
        ))}
        <div style={{ borderTop: '1px solid #f0f0f0', paddingTop: 8 }}>
          <div data-testid="live-total">
            总分：<strong>{preview.total ?? '—'}</strong> / 90
            <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
              （已评 {preview.answered}/{preview.itemCount} 项）
            </Typography.Text>
          </div>
          <div data-testid="live-preliminary">
            初步等级：
            {preview.preliminaryLevel === null ? '—' : <Tag color={LEVEL_COLORS[preview.preliminaryLevel]}>{levelName(preview.preliminaryLevel)}</Tag>}
          </div>
          {final !== undefined && (
            <div data-testid="live-final">
              最终等级：<Tag color={LEVEL_COLORS[final]}>{levelName(final)}</Tag>
            </div>
          )}
        </div>
        {preview.triggers.map((t) => (
          <Alert key={t.id} type="warning" showIcon title={`等级变更：${t.title}`} description={t.explanation} data-testid={`trigger-${t.id}`} />
        ))}
      </Space>
    </Card>
  );
}
