import { ServiceError } from '../../../shared/contract';
import type { NamespaceHandlers } from '../app/dispatcher';
import type { JobRegistry } from '../jobs/registry';
import { runTask } from '../jobs/run-task';
import { auditExport, EXPORT_MIME, exportFileName, exportRequest } from './request';


export function exportsHandlers(jobs: JobRegistry): NamespaceHandlers<'exports'> {
  return {
    'exports.start': (input, ctx) => {
      const store = ctx.store;
      if (!ctx.user) throw new ServiceError('UNAUTHENTICATED', '请先登录');
      const request = exportRequest(store, input, ctx.user.displayName);
      const name = exportFileName(input);
      return jobs.start('exports.table', `导出：${name}`, ctx.user.userId, async (job) => {
        const r = await runTask('exportTable', { access: store.workerAccess(), request }, { signal: job.signal, onProgress: (d, t, p) => job.progress(d, t, p) });
        auditExport(store, input, r, 'app');
        return { summary: `已导出 ${r.rows} 行`, file: { name, mime: EXPORT_MIME[input.format], bytes: Buffer.from(r.bytes!) } };
      });
    },
  };
}
