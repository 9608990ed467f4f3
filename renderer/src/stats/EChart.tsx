import { Button } from 'antd';
import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { base64ToBytes, saveBytes } from '../app/files';

echarts.use([BarChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** Whoever asked the system for less motion (and the end-to-end tests) gets charts drawn at once. */
const reducedMotion = () => window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;

/**
 * One ECharts chart (Chinese labels drawn with the page's font), with 保存图片 for a PNG.
 * The numbers it shows are always also printed beside it by the caller.
 */
export function EChart({ option, fileName, height = 260, testId }: { option: echarts.EChartsCoreOption; fileName: string; height?: number; testId: string }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    const resize = () => c.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption({ animation: !reducedMotion(), textStyle: { fontFamily: 'inherit' }, ...option }, true);
    el.current?.setAttribute('data-rendered', 'yes');
  }, [option]);

  const save = () => {
    const url = chart.current?.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#ffffff' });
    if (url) saveBytes(base64ToBytes(url.slice(url.indexOf(',') + 1)), `${fileName}.png`, 'image/png');
  };

  return (
    <div>
      <div ref={el} style={{ width: '100%', height }} data-testid={testId} role="img" aria-label={fileName} />
      <Button size="small" onClick={save} data-testid={`${testId}-png`}>
        保存图片
      </Button>
    </div>
  );
}
