import { ServiceError } from '../../../shared/contract';
import { safeFileNamePart } from '../../../shared/validation/text';
import type { NamespaceHandlers } from '../app/dispatcher';
import type { FileGrants } from '../files/grants';
import type { JobRegistry } from '../jobs/registry';
import { runTask } from '../jobs/run-task';
import { checkHubPublicKey } from './bundle-file';
import { BUNDLE_EXT, lastExport, recordExport, savedHubKey, saveHubKey, signedBundle, stationSigner, writeBundleFile } from './station-export';

/** 数据交换 (administrators): the hub's key loaded once, and bundles exported in a worker. */
export function exchangeHandlers(jobs: JobRegistry, grants: FileGrants): NamespaceHandlers<'exchange'> {
  return {
    'exchange.status': (_input, { store }) => {
      const key = savedHubKey(store);
      const last = lastExport(store);
      return {
        stationId: store.settings.storeId(),
        hubKey: key ? { sha256: checkHubPublicKey(key) } : null,
        last: last ? { sequence: last.sequence, exportedAt: last.exportedAt, toSeq: last.toSeq, bundleId: last.bundleId } : null,
      };
    },
    'exchange.setHubKey': (input, { store }) => {
      let sha256: string;
      try {
        sha256 = checkHubPublicKey(input.pem);
      } catch (err) {
        throw new ServiceError('BAD_INPUT', err instanceof Error ? err.message : '不是有效的区县数据中心公钥文件', [{ path: 'pem', message: '不是有效的区县数据中心公钥文件（PEM）' }]);
      }
      saveHubKey(store, input.pem);
      return { sha256 };
    },
    'exchange.export': (input, ctx) => {
      const store = ctx.store;
      if (!ctx.user) throw new ServiceError('UNAUTHENTICATED', '请先登录');
      const hubKey = savedHubKey(store);
      if (!hubKey) throw new ServiceError('CONFLICT', '请先载入区县数据中心公钥');
      const signer = stationSigner(store);
      const target = input.target ? grants.take(input.target, 'bundle-save') : null;
      return jobs.start('exchange.export', '导出交换数据包', ctx.user.userId, async (job) => {
        const now = new Date();
        const prepared = await runTask(
          'exchangeBundle',
          { access: store.workerAccess(), since: 'last', hubPublicKeyPem: hubKey, stationCertPem: signer.certPem, now: now.toISOString() },
          { signal: job.signal, onProgress: (d, t, p) => job.progress(d, t, p) },
        );
        const bytes = signedBundle({ header: prepared.header, ciphertext: Buffer.from(prepared.ciphertext) }, signer);
        const h = prepared.header;
        const what = `第 ${h.sequence} 号交换数据包（人员 ${h.counts.persons}、评估 ${h.counts.assessments}、签名报告 ${h.counts.reports}、审计记录 ${h.counts.audit} 条）`;
        if (target) {
          writeBundleFile(target, bytes);
          recordExport(store, h, now);
          return { summary: `已导出${what}到 ${target}` };
        }
        recordExport(store, h, now);
        const name = `交换数据包-${safeFileNamePart(h.stationName, '站点')}-第${h.sequence}号${BUNDLE_EXT}`;
        return { summary: `已导出${what}`, file: { name, mime: 'application/octet-stream', bytes } };
      });
    },
  };
}
