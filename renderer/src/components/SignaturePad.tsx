import { Button } from 'antd';
import { useCallback, useEffect, useRef, type PointerEvent as ReactPointerEvent } from 'react';

export interface SignaturePadProps {
  /** The PNG data URL drawn so far, or null when empty. Setting it to null clears the pad. */
  value: string | null;
  onChange(dataUrl: string | null): void;
  /** Accessible name, e.g. "评估员1签名". */
  label: string;
  width?: number;
  height?: number;
  disabled?: boolean;
  invalid?: boolean;
  'data-testid'?: string;
}

const INK = '#13224a';

/**
 * A handwritten signature on a canvas, drawn with Pointer Events so a mouse, a finger or a
 * stylus all work (touch-action: none keeps the page from scrolling under the finger).
 * After each stroke the pad reports its picture as a transparent PNG data URL, drawn at
 * twice the CSS size so it prints sharply in the report's box.
 */
export function SignaturePad({ value, onChange, label, width = 320, height = 120, disabled, invalid, ...rest }: SignaturePadProps) {
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const drawing = useRef<{ id: number; x: number; y: number } | null>(null);
  const drawn = useRef(false);
  const scale = Math.max(2, Math.ceil(typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1));

  const context = useCallback(() => {
    const ctx = canvasRef.current?.getContext('2d');
    if (!ctx) return null;
    ctx.setTransform(scale, 0, 0, scale, 0, 0);
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.strokeStyle = INK;
    ctx.fillStyle = INK;
    return ctx;
  }, [scale]);

  const clearCanvas = useCallback(() => {
    const c = canvasRef.current;
    if (!c) return;
    c.getContext('2d')?.clearRect(0, 0, c.width, c.height);
    drawn.current = false;
  }, []);

  // The parent resetting the value (dialog reopened, 清除) empties the pad.
  useEffect(() => {
    if (value === null && drawn.current) clearCanvas();
  }, [value, clearCanvas]);

  const point = (e: PointerEvent) => {
    const r = canvasRef.current!.getBoundingClientRect();
    return { x: ((e.clientX - r.left) / r.width) * width, y: ((e.clientY - r.top) / r.height) * height };
  };

  const penWidth = (e: PointerEvent) => (e.pointerType === 'pen' && e.pressure > 0 ? 1.2 + e.pressure * 3 : 2.6);

  const onPointerDown = (e: ReactPointerEvent<HTMLCanvasElement>) => {
    if (disabled || (e.pointerType === 'mouse' && e.button !== 0)) return;
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    const p = point(e.nativeEvent);
    drawing.current = { id: e.pointerId, ...p };
    const ctx = context();
    if (!ctx) return;
    ctx.beginPath();
    ctx.arc(p.x, p.y, penWidth(e.nativeEvent) / 2, 0, Math.PI * 2);
    ctx.fill();
    drawn.current = true;
  };

  const onPointerMove = (e: ReactPointerEvent<HTMLCanvasElement>) => {
    const d = drawing.current;
    if (!d || d.id !== e.pointerId) return;
    e.preventDefault();
    const ctx = context();
    if (!ctx) return;
    // Coalesced events keep fast strokes smooth where the browser offers them.
    const events = typeof e.nativeEvent.getCoalescedEvents === 'function' ? e.nativeEvent.getCoalescedEvents() : [];
    for (const ev of events.length ? events : [e.nativeEvent]) {
      const p = point(ev);
      ctx.lineWidth = penWidth(ev);
      ctx.beginPath();
      ctx.moveTo(d.x, d.y);
      ctx.lineTo(p.x, p.y);
      ctx.stroke();
      d.x = p.x;
      d.y = p.y;
    }
  };

  const finish = (e: ReactPointerEvent<HTMLCanvasElement>) => {
    const d = drawing.current;
    if (!d || d.id !== e.pointerId) return;
    drawing.current = null;
    if (e.currentTarget.hasPointerCapture(e.pointerId)) e.currentTarget.releasePointerCapture(e.pointerId);
    if (drawn.current) onChange(canvasRef.current!.toDataURL('image/png'));
  };

  const clear = () => {
    clearCanvas();
    onChange(null);
  };

  return (
    <div style={{ display: 'inline-block' }}>
      <canvas
        ref={canvasRef}
        width={width * scale}
        height={height * scale}
        role="img"
        aria-label={label}
        data-testid={rest['data-testid']}
        data-signed={value ? 'yes' : 'no'}
        style={{
          width,
          height,
          display: 'block',
          touchAction: 'none',
          cursor: disabled ? 'not-allowed' : 'crosshair',
          background: '#fff',
          border: `1px dashed ${invalid ? '#ff4d4f' : '#8c8c8c'}`,
          borderRadius: 4,
        }}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={finish}
        onPointerCancel={finish}
      />
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginTop: 4 }}>
        <span style={{ color: '#8c8c8c', fontSize: '0.85em' }}>{value ? '已签名' : '请在框内签名'}</span>
        <Button size="small" onClick={clear} disabled={disabled || !value} data-testid={rest['data-testid'] ? `${rest['data-testid']}-clear` : undefined}>
          清除
        </Button>
      </div>
    </div>
  );
}
