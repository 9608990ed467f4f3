import { createHash } from 'node:crypto';
import type pg from 'pg';
import { ServiceError, type MethodName } from '../../../shared/contract';
import { localToday } from '../../../shared/policy/dates';
import { formatDateTime } from '../../../shared/util/dates';
import { appInfo } from '../../core/app/app-info';
import type { CallContext, Handlers } from '../../core/app/dispatcher';
import { KeyedQueue } from '../../core/app/keyed-queue';
import type { Logger } from '../../core/app/log';
import type { SessionStore } from '../../core/app/sessions';
import { WRONG_CREDENTIALS_MESSAGE } from '../../core/db/errors';
import { EXPORT_MIME, exportFileName, filtersInWords } from '../../core/exports/request';
import { uploadedPdf } from '../../core/reports/uploaded-report';
import { jobsHandlers } from '../../core/jobs/handlers';
import type { JobRegistry } from '../../core/jobs/registry';
import { runTask } from '../../core/jobs/run-task';
import { createHubUser, findHubUser, hashPassword, listHubUsers, passwordMatches, setHubPassword, updateHubUser } from '../accounts';
import { listHubAudit, recordHubAudit, verifyHubAudit } from '../audit';
import { hubConflicts, hubPerson, hubReport, hubStations, searchHubPersons, verifyAtHub } from '../directory';
import { hubPseudonymKey, type HubExportRequest } from '../export';
import { importBundle } from '../import';
import { HubError } from '../schema';
import { enrollStation, stationCertificate } from '../stations';
import { HUB_INTERVAL_MONTHS, hubStats } from '../stats';
import type { SignInThrottle } from './sign-in-throttle';

export interface HubServeDeps {
  pool: pg.Pool;
  /** For the export's worker, which opens its own connection. */
  pgUrl: string;
  hubName: string;
  /** What app.info shows where a station shows its data folder: the database, never its password. */
  databaseLabel: string;
  sessions: SessionStore<null>;
  jobs: JobRegistry;
  throttle: SignInThrottle;
  logger: Logger;
  now?: () => Date;
}

/** The methods the district hub serves: sign-in, the manager's dashboard and exports, reports, and its own pages. */
export type HubServed =
  | 'app.info'
  | 'setup.status'
  | `session.${string}`
  | 'stats.dashboard'
  | 'exports.start'
  | `jobs.${string}`
  | 'reports.verify'
  | `audit.${string}`
  | `hub.${string}`;
export type HubHandlers = Pick<Handlers, Extract<MethodName, HubServed>>;

const DONE = { ok: true } as const;

function me(ctx: CallContext) {
  if (!ctx.user) throw new ServiceError('UNAUTHENTICATED', '请先登录');
  return ctx.user;
}

export function createHubHandlers(deps: HubServeDeps): HubHandlers {
  const { pool, sessions, jobs, throttle } = deps;
  const now = deps.now ?? (() => new Date());
  const withClient = async <T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> => {
    const c = await pool.connect();
    try {
      return await fn(c);
    } finally {
      c.release();
    }
  };
  // One dashboard at a time: each holds two connections (one snapshot shared), and two
  // dashboards each waiting for its second connection must never starve the pool.
  const dashboards = new KeyedQueue();
  const signIns = new KeyedQueue();
  // A wrong user name costs what a wrong password does.
  const decoy = hashPassword('not a password of anyone');

  return {
    'app.info': () => appInfo(deps.databaseLabel, 'hub'),
    'setup.status': () => ({ initialized: true, institutionName: deps.hubName, problem: null }),

    'session.login': (input) =>
      signIns.run(input.username, () =>
        withClient(async (c) => {
          const locked = throttle.lockedFor(input.username);
          if (locked) throw new ServiceError('FORBIDDEN', `密码错误次数过多，该账号已暂时锁定，请 ${locked} 分钟后再试`);
          const user = await findHubUser(c, input.username);
          const ok = user ? await passwordMatches(input.password, user.passwordHash) : await passwordMatches(input.password, await decoy).then(() => false);
          if (!user || !ok || !user.active) {
            throttle.fail(input.username);
            await recordHubAudit(c, user?.id ?? null, { action: 'session.loginFailed', entity: 'hub_user', entityId: user?.id ?? null, detail: {} });
            throw new ServiceError('UNAUTHENTICATED', user && ok ? '该账号已停用，请联系区县管理员' : WRONG_CREDENTIALS_MESSAGE);
          }
          throttle.succeed(input.username);
          await recordHubAudit(c, user.id, { action: 'session.login', entity: 'hub_user', entityId: user.id, detail: {} });
          const session = { userId: user.id, username: user.username, displayName: user.displayName, role: user.role };
          return { session: sessions.open(session, null), user: session, idleMinutes: Math.round(sessions.idleMs / 60_000) };
        }),
      ),
    'session.logout': (_input, ctx) => {
      sessions.close(ctx.sessionToken);
      return DONE;
    },
    'session.current': (_input, ctx) => me(ctx),
    'session.changePassword': (input, ctx) =>
      withClient(async (c) => {
        const user = me(ctx);
        const stored = await findHubUser(c, user.username);
        if (!stored || !(await passwordMatches(input.oldPassword, stored.passwordHash)))
          throw new ServiceError('BAD_INPUT', '原密码不正确', [{ path: 'oldPassword', message: '原密码不正确' }]);
        await setHubPassword(c, user.userId, user.userId, input.newPassword, 'session.changePassword');
        sessions.closeUser(user.userId, ctx.sessionToken);
        return DONE;
      }),

    'stats.dashboard': (input) =>
      dashboards.run('dashboard', async () => {
        const [a, b] = [await pool.connect(), await pool.connect()];
        try {
          return await hubStats(a, input.filter, localToday(now()), { helpers: [b] });
        } finally {
          a.release();
          b.release();
        }
      }),

    'exports.start': async (input, ctx) => {
      const user = me(ctx);
      const at = now();
      const selection = { filter: input.filter, latest: input.latest, ...(input.list ? { list: input.list } : {}), today: localToday(at), intervalMonths: HUB_INTERVAL_MONTHS };
      const keyBase64 = input.deidentify ? (await withClient(hubPseudonymKey)).toString('base64') : undefined;
      const request: HubExportRequest = {
        selection,
        format: input.format,
        deidentify: input.deidentify,
        ...(keyBase64 ? { keyBase64 } : {}),
        meta: { exportedAt: formatDateTime(at), user: user.displayName, institution: deps.hubName, filters: filtersInWords(input.filter) },
      };
      const name = `区县${exportFileName(input, at)}`;
      return jobs.start('exports.table', `导出：${name}`, user.userId, async (job) => {
        const r = await runTask('hubExport', { pgUrl: deps.pgUrl, request }, { signal: job.signal, onProgress: (d, t, p) => job.progress(d, t, p) });
        await withClient((c) =>
          recordHubAudit(c, user.userId, {
            action: 'export.table',
            entity: 'assessments',
            detail: { format: input.format, latest: input.latest, list: input.list ?? null, deidentified: input.deidentify, rows: r.rows, from: input.filter.from ?? null, to: input.filter.to ?? null },
          }),
        );
        return { summary: `已导出 ${r.rows} 行`, file: { name, mime: EXPORT_MIME[input.format], bytes: Buffer.from(r.bytes) } };
      });
    },
    ...jobsHandlers(jobs),

    'reports.verify': (input) => {
      const pdf = uploadedPdf(input.pdfBase64);
      return withClient((c) => verifyAtHub(c, pdf, createHash('sha256').update(pdf).digest('hex')));
    },

    'audit.list': (input) => withClient((c) => listHubAudit(c, input.limit, input.beforeSeq)),
    'audit.verify': () =>
      withClient(async (c) => {
        const v = await verifyHubAudit(c);
        return v.ok ? { ok: true, rows: v.rows, brokenAt: null, reason: null } : { ok: false, rows: v.rows, brokenAt: v.brokenAt, reason: '这一条被改动过，或与前一条的哈希不相连' };
      }),

    'hub.stations': () => withClient(hubStations),
    'hub.persons': (input) => withClient((c) => searchHubPersons(c, input)),
    'hub.person': (input, ctx) =>
      withClient(async (c) => {
        const person = await hubPerson(c, input.id);
        // Who looked at whom: the person's id only, never the name.
        await recordHubAudit(c, me(ctx).userId, { action: 'person.view', entity: 'person', entityId: input.id, detail: {} });
        return person;
      }),
    'hub.report': (input, ctx) =>
      withClient(async (c) => {
        const { verdict, ...report } = await hubReport(c, input.assessmentId);
        await recordHubAudit(c, me(ctx).userId, { action: 'report.verify', entity: 'assessment', entityId: input.assessmentId, detail: { verdict } });
        return report;
      }),
    'hub.conflicts': () => withClient((c) => hubConflicts(c)),
    'hub.addStation': (input, ctx) =>
      withClient(async (c) => {
        const pem = stationCertificate(input.certPem);
        if (!pem) throw new ServiceError('BAD_INPUT', '不是有效的站点证书文件', [{ path: 'certPem', message: '不是有效的站点证书文件（应为 yiyang exchange cert 写出的 PEM）' }]);
        const { sha256 } = await enrollStation(c, me(ctx).userId, pem, input.name);
        return (await hubStations(c)).find((s) => s.certSha256 === sha256)!;
      }),
    'hub.import': (input, ctx) =>
      withClient(async (c) => {
        try {
          const { bundleId: _id, ...outcome } = await importBundle(c, Buffer.from(input.bundleBase64, 'base64'), input.keyPassword, me(ctx).userId);
          return outcome;
        } catch (err) {
          // The key's password is the one thing the person can put right here; name the field.
          if (err instanceof HubError && err.exitCode === 3) throw new ServiceError('BAD_INPUT', err.message, [{ path: 'keyPassword', message: err.message }]);
          throw err;
        }
      }),

    'hub.users': () => withClient(listHubUsers),
    'hub.createUser': (input, ctx) => withClient((c) => createHubUser(c, me(ctx).userId, input)),
    'hub.updateUser': (input, ctx) =>
      withClient(async (c) => {
        const self = me(ctx);
        if (input.id === self.userId && (input.role !== undefined || input.active !== undefined)) throw new ServiceError('CONFLICT', '不能修改自己的角色或停用自己');
        const user = await updateHubUser(c, self.userId, input);
        // A new role or a disabled account takes effect at once.
        if (input.role !== undefined || input.active !== undefined) sessions.closeUser(input.id);
        return user;
      }),
    'hub.resetPassword': (input, ctx) =>
      withClient(async (c) => {
        await setHubPassword(c, me(ctx).userId, input.id, input.newPassword, 'user.resetPassword');
        sessions.closeUser(input.id);
        return DONE;
      }),
  };
}
