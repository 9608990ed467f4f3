import { Alert, Card, Progress, Space, Tag, Typography } from 'antd';
import type { AssessmentPreview } from '../../../shared/scoring';
import { levelName, type InstrumentDefinition } from '../../../shared/instruments';
import { levelColor } from '../app/format';

/**
 * Always-visible running figures, as the instrument defines them: subtotals, the total
 * where there is one, indicator grades where the instrument grades them, the preliminary
 * and final level, and the adjustments that hold.
 */
export function ScorePanel({ def, preview }: { def: InstrumentDefinition; preview: AssessmentPreview }) {
  const final = preview.result?.finalLevel;
  const unverified = def.leveling.provenance?.verified === false;
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
              {preview.grades[ind.code] && ` · ${preview.grades[ind.code]!.grade}级 ${preview.grades[ind.code]!.name}`}
            </Typography.Text>
          </div>
        ))}
        <div style={{ borderTop: '1px solid #f0f0f0', paddingTop: 8 }}>
          <div data-testid="live-total">
            {def.maxTotal !== null && (
              <>
                总分：<strong>{preview.total ?? '—'}</strong> / {def.maxTotal}
              </>
            )}
            <Typography.Text type="secondary" style={{ marginLeft: def.maxTotal !== null ? 8 : 0 }}>
              （已评 {preview.answered}/{preview.itemCount} 项）
            </Typography.Text>
          </div>
          {def.adjustments.length > 0 && (
            <div data-testid="live-preliminary">
              初步等级：
              {preview.preliminaryLevel === null ? '—' : <Tag color={levelColor(def, preview.preliminaryLevel)}>{levelName(def, preview.preliminaryLevel)}</Tag>}
            </div>
          )}
          {final !== undefined && (
            <div data-testid="live-final">
              {def.adjustments.length > 0 ? '最终等级' : '等级'}：<Tag color={levelColor(def, final)}>{levelName(def, final)}</Tag>
            </div>
          )}
          {unverified && (
            <Tag color="orange" style={{ marginTop: 4 }} title={def.leveling.provenance?.note}>
              分级规则待核实
            </Tag>
          )}
        </div>
        {preview.triggers.map((t) => (
          <Alert key={t.id} type="warning" showIcon title={`等级变更：${t.title}`} description={t.explanation} data-testid={`trigger-${t.id}`} />
        ))}
      </Space>
    </Card>
  );
}
