import { Alert, App, Button, Modal, Progress, Space, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { MethodOutput } from '../../../shared/contract';
import type { ApiClient } from '../api/client';
import { useApi } from '../api/context';
import { errorMessage } from '../app/errors';
import { base64ToBytes, saveBytes } from '../app/files';

export type JobView = MethodOutput<'jobs.get'>;

/** A finished job's file, fetched slice by slice (a large ZIP never travels as one answer). */
export async function fetchJobFile(api: ApiClient, id: string): Promise<{ name: string; mime: string; bytes: Uint8Array<ArrayBuffer> }> {
  const parts: Uint8Array[] = [];
  let offset = 0;
  for (;;) {
    const r = await api.call('jobs.result', { id, offset });
    const chunk = base64ToBytes(r.chunkBase64);
    parts.push(chunk);
    offset += chunk.length;
    if (r.last) {
      const bytes = new Uint8Array(offset);
      let at = 0;
      for (const p of parts) {
        bytes.set(p, at);
        at += p.length;
      }
      return { name: r.name, mime: r.mime, bytes };
    }
  }
}

const POLL_MS = 400;

/**
 * Follows a background job to its end: progress with what it is doing, a cancel, and the
 * file it made saved as soon as it is ready. Closing the dialog while it runs keeps it running.
 */
export function JobDialog({ job, onClose, onDone }: { job: JobView | null; onClose(): void; onDone?(job: JobView): void }) {
  const api = useApi();
  const { message } = App.useApp();
  const [view, setView] = useState<JobView | null>(job);
  const [error, setError] = useState<string | null>(null);
  const saved = useRef<string | null>(null);
  const done = useRef(onDone);
  done.current = onDone;

  useEffect(() => {
    setView(job);
    setError(null);
    if (!job) return;
    let stop = false;
    let timer = 0;
    const tick = async () => {
      try {
        const v = await api.call('jobs.get', { id: job.id });
        if (stop) return;
        setView(v);
        if (v.state === 'running') {
          timer = window.setTimeout(() => void tick(), POLL_MS);
          return;
        }
        if (v.state === 'done' && v.file && saved.current !== v.id) {
          saved.current = v.id;
          const f = await fetchJobFile(api, v.id);
          saveBytes(f.bytes, f.name, f.mime);
          void message.success(`已保存 ${f.name}`);
        }
        done.current?.(v);
      } catch (e) {
        if (!stop) setError(errorMessage(e));
      }
    };
    void tick();
    return () => {
      stop = true;
      window.clearTimeout(timer);
    };
    // onDone is a callback the caller may recreate each render: follow the job, not the callback.
  }, [api, job, message]);

  const running = view?.state === 'running';
  const percent = view && view.total > 0 ? Math.round((view.done / view.total) * 100) : 0;
  return (
    <Modal
      open={!!job}
      title={view?.title ?? '后台任务'}
      onCancel={onClose}
      footer={
        <Space>
          {running && (
            <Button danger onClick={() => view && void api.call('jobs.cancel', { id: view.id }).then(setView, (e: unknown) => setError(errorMessage(e)))} data-testid="job-cancel">
              取消
            </Button>
          )}
          <Button type={running ? 'default' : 'primary'} onClick={onClose} data-testid="job-close">
            {running ? '在后台继续' : '关闭'}
          </Button>
        </Space>
      }
    >
      <div data-testid="job-dialog" data-state={view?.state ?? 'running'}>
        <Progress percent={view?.state === 'done' ? 100 : percent} status={view?.state === 'failed' ? 'exception' : view?.state === 'done' ? 'success' : 'active'} />
        <Typography.Paragraph data-testid="job-phase">
          {view?.phase}
          {running && view && view.total > 0 && view.kind !== 'backup' ? `（${view.done} / ${view.total}）` : ''}
        </Typography.Paragraph>
        {view?.message && (
          <Alert type={view.state === 'done' ? 'success' : view.state === 'cancelled' ? 'info' : 'error'} showIcon title={view.message} data-testid="job-message" />
        )}
        {error && <Alert type="error" showIcon title={error} style={{ marginTop: 8 }} />}
      </div>
    </Modal>
  );
}
