import {
  canAssess,
  ServiceError,
  type AssessmentRecord as ContractAssessment,
  type AuditRow as ContractAuditRow,
  type PersonRecord as ContractPerson,
  type PersonRow,
  type UserRecord as ContractUser,
} from '../../../shared/contract';
import { classify, type Classification } from '../../../shared/policy';
import { getInstrument } from '../../../shared/instruments';
import { scoreAssessment, type ScoreResult } from '../../../shared/scoring';
import { maskIdNumber, validateIdNumber } from '../../../shared/validation';
import type { CallContext, Handlers, SessionUser } from './dispatcher';
import { createReportHandlers } from '../reports/handlers';
import { canSign, ensureUserCertificate, issueUserCertificate, replaceUserCertificate, rewrapUserCertificate } from '../signing/user-certificates';
import { appInfo, type RunMode } from './app-info';
import type { Logger } from './log';
import { DEFAULT_PACK_ID } from '../policy/builtin';
import { summarize, type PolicyRegistry } from '../policy/registry';
import type { SessionStore } from './sessions';
import {
  Store,
  toServiceError,
  verifyAuditChain,
  type AssessmentRecord,
  type AuditRow,
  type PersonRecord,
  type PersonSummary,
  type UserRecord,
} from '../db';

export interface HandlerDeps {
  dataDir: string;
  mode: RunMode;
  sessions: SessionStore<Store | null>;
  policies: PolicyRegistry;
  logger: Logger;
}

function toPerson(p: PersonRecord): ContractPerson {
  const { lastAssessmentId: _l, revision: _r, ...rest } = p;
  return rest;
}

/** Search rows travel masked: a list is for telling people apart, the record view shows the full number. */
function toRow(p: PersonSummary): PersonRow {
  const { phone: _p, ...rest } = p;
  return { ...rest, idNumber: p.idNumber ? maskIdNumber(p.idNumber) : null };
}

function toAssessment(a: AssessmentRecord): ContractAssessment {
  return {
    id: a.id,
    personId: a.personId,
    instrumentId: a.instrumentId,
    instrumentVersion: a.instrumentVersion,
    assessmentNo: a.assessmentNo,
    header: {
      reason: a.reason,
      reasonOther: a.reasonOther,
      assessmentDate: a.assessmentDate,
      place: a.place,
      assessor1Id: a.assessor1Id,
      assessor2Id: a.assessor2Id,
      informantName: a.informantName,
      informantRelation: a.informantRelation,
      assessmentNo: a.assessmentNo,
    },
    assessor1Name: a.assessor1Name,
    assessor2Name: a.assessor2Name,
    answers: { basic: a.answers.basic, scoring: { ...a.answers.scoring, items: a.answers.scoring.items ?? {} } },
    status: a.status,
    revision: a.revision,
    result: a.result as ScoreResult | null,
    classification: a.classification as Classification | null,
    supersedesId: a.supersedesId,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
    finalizedAt: a.finalizedAt,
    signedAt: a.signedAt,
    reportSha256: a.reportSha256,
  };
}

function toUser(u: UserRecord): ContractUser {
  return { id: u.id, username: u.username, displayName: u.displayName, role: u.role, active: u.active };
}

function toAuditRow(r: AuditRow): ContractAuditRow {
  return { seq: r.seq, at: r.at, actorName: r.actorName, action: r.action, entity: r.entity, entityId: r.entityId, detail: r.detail };
}

const DONE = { ok: true } as const;

/**
 * Binds every contract method to the services. Each signed-in session holds its own
 * store connection (opened with that user's password), so every write is done and
 * audited as the person who asked for it.
 */
export function createHandlers(deps: HandlerDeps): Handlers {
  const { dataDir, sessions, policies } = deps;

  function storeOf(ctx: CallContext): Store {
    const store = sessions.data(ctx.sessionToken);
    if (!store || !store.isOpen) throw new ServiceError('UNAUTHENTICATED', '请先登录（会话不存在或已过期）');
    return store;
  }

  /** Runs a service call, turning store errors into contract errors. */
  function guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      throw toServiceError(err);
    }
  }
  async function guardAsync<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw toServiceError(err);
    }
  }

  function settingsOf(store: Store) {
    const inst = store.settings.getInstitution();
    return {
      institutionName: inst.name,
      institutionCode: inst.code,
      address: inst.address,
      reassessmentIntervalMonths: store.settings.getReassessmentIntervalMonths(),
      // The id as configured, even if unreadable: the settings page is where an admin repairs it.
      activePolicyPack: store.settings.getActivePolicyPack() ?? DEFAULT_PACK_ID,
    };
  }

  /**
   * Certificates follow account changes but must never block them: a failure is logged and
   * the user gets their certificate at the next sign-in (signing says so until then).
   */
  function certificatesFor(userId: string, fn: () => unknown): void {
    try {
      fn();
    } catch (err) {
      deps.logger.log('warn', 'certificate.issue.failed', { user: userId, error: err instanceof Error ? err.name : 'unknown' });
    }
  }

  /**
   * A user's access changed (role, disabled, password reset): every session of theirs ends,
   * the caller's own included, since its role snapshot is now stale. A display-name change
   * alone leaves sessions alone.
   */
  function userChanged(userId: string) {
    sessions.closeUser(userId);
  }

  /**
   * One sign-in attempt per user name at a time: the lockout count is read before the
   * ~0.1 s key derivation, so parallel attempts would otherwise all pass the check.
   */
  const loginQueues = new Map<string, Promise<unknown>>();
  function serialized<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = loginQueues.get(key) ?? Promise.resolve();
    const run = previous.then(fn, fn);
    const tail = run.catch(() => undefined);
    loginQueues.set(key, tail);
    void tail.then(() => {
      if (loginQueues.get(key) === tail) loginQueues.delete(key);
    });
    return run;
  }

  return {
    ...createReportHandlers({ storeOf, guardAsync, toAssessment, logger: deps.logger }),
    'app.info': () => appInfo(dataDir, deps.mode),

    'setup.status': () => {
      if (!Store.isInitialized(dataDir)) return { initialized: false, institutionName: null };
      // The institution name is inside the encrypted store; any open session can read it.
      return { initialized: true, institutionName: null };
    },
    'setup.init': (input) =>
      // Two set-ups at once (a double click) must not race to create the same store.
      serialized('\u0000setup', () => guardAsync(async () => {
        if (Store.isInitialized(dataDir)) throw new ServiceError('CONFLICT', '已完成首次设置');
        const { store, recoveryKey } = await Store.init(dataDir, {
          institutionName: input.institutionName,
          adminUsername: input.adminUsername,
          adminDisplayName: input.adminDisplayName,
          adminPassword: input.password,
        });
        try {
          // The institution CA and the admin's signing certificate, while the password is at hand.
          certificatesFor(store.user!.id, () => issueUserCertificate(store, { id: store.user!.id, displayName: store.user!.displayName }, input.password));
        } finally {
          store.close();
        }
        return { recoveryKey };
      })),
    'session.login': (input) =>
      serialized(input.username.normalize('NFC'), () => guardAsync(async () => {
        const store = await Store.open(dataDir, input.username, input.password, { client: 'app' });
        const u = store.user!;
        // Users from before signing existed, or added on the command line, get their certificate here.
        certificatesFor(u.id, () => ensureUserCertificate(store, { id: u.id, displayName: u.displayName, role: u.role }, input.password));
        const user: SessionUser = { userId: u.id, username: u.username, displayName: u.displayName, role: u.role };
        const session = sessions.open(user, store);
        return { session, user, idleMinutes: Math.round(sessions.idleMs / 60_000) };
      })),
    'session.logout': (_input, ctx) => {
      sessions.close(ctx.sessionToken);
      return DONE;
    },
    'session.current': (_input, ctx) => {
      if (!ctx.user) throw new ServiceError('UNAUTHENTICATED', '请先登录');
      return ctx.user;
    },
    'session.changePassword': (input, ctx) =>
      guardAsync(async () => {
        const store = storeOf(ctx);
        // The old password must still open this user's slot: proves it is the owner at the keyboard.
        const check = await Store.open(dataDir, store.user!.username, input.oldPassword, { client: 'app.changePassword' }).catch((err: unknown) => {
          throw toServiceError(err);
        });
        check.close();
        await store.users.setPassword(store.user!.id, input.newPassword, store.actor);
        const me = store.user!;
        certificatesFor(me.id, () => rewrapUserCertificate(store, { id: me.id, displayName: me.displayName, role: me.role }, input.oldPassword, input.newPassword));
        sessions.closeUser(store.user!.id, ctx.sessionToken);
        return DONE;
      }),

    'settings.get': (_input, ctx) => guard(() => settingsOf(storeOf(ctx))),
    'settings.update': (input, ctx) =>
      guard(() => {
        const store = storeOf(ctx);
        store.transaction(() => {
          const inst: { name?: string; code?: string | null; address?: string | null } = {};
          if (input.institutionName !== undefined) inst.name = input.institutionName;
          if (input.institutionCode !== undefined) inst.code = input.institutionCode;
          if (input.address !== undefined) inst.address = input.address;
          if (Object.keys(inst).length) store.settings.setInstitution(inst, store.actor);
          if (input.reassessmentIntervalMonths !== undefined) store.settings.setReassessmentIntervalMonths(input.reassessmentIntervalMonths, store.actor);
        });
        return settingsOf(store);
      }),

    'users.list': (_input, ctx) => guard(() => storeOf(ctx).users.list().map(toUser)),
    'users.create': (input, ctx) =>
      guardAsync(async () => {
        const store = storeOf(ctx);
        const user = await store.users.createUser(input, store.actor);
        if (canSign(user.role)) certificatesFor(user.id, () => issueUserCertificate(store, user, input.password));
        return toUser(user);
      }),
    'users.update': (input, ctx) =>
      guardAsync(async () => {
        const store = storeOf(ctx);
        let user = store.users.get(input.id);
        if (!user) throw new ServiceError('NOT_FOUND', '没有这个用户');
        if (input.displayName !== undefined && input.displayName !== user.displayName) user = store.users.setDisplayName(input.id, input.displayName, store.actor);
        const before = user;
        if (input.role !== undefined && input.role !== user.role) user = store.users.setRole(input.id, input.role, store.actor);
        if (input.active !== undefined && input.active !== user.active) user = await store.users.setActive(input.id, input.active, store.actor);
        if (user.role !== before.role || user.active !== before.active) userChanged(input.id);
        return toUser(user);
      }),
    'users.resetPassword': (input, ctx) =>
      guardAsync(async () => {
        const store = storeOf(ctx);
        await store.users.setPassword(input.id, input.newPassword, store.actor);
        const user = store.users.get(input.id);
        if (user) certificatesFor(user.id, () => replaceUserCertificate(store, user, input.newPassword));
        userChanged(input.id);
        return DONE;
      }),
    'users.assessors': (_input, ctx) =>
      guard(() =>
        storeOf(ctx)
          .users.list()
          .filter((u) => u.active && canAssess(u.role))
          .map((u) => ({ id: u.id, displayName: u.displayName })),
      ),

    'persons.search': (input, ctx) =>
      guard(() => {
        const r = storeOf(ctx).persons.search({
          query: input.query,
          county: input.county,
          township: input.township,
          lastLevel: input.lastLevel ?? undefined,
          reassessmentDue: input.reassessmentDue,
          limit: input.limit,
          offset: input.offset,
        });
        return { rows: r.rows.map(toRow), total: r.total };
      }),
    'persons.get': (input, ctx) =>
      guard(() => {
        const store = storeOf(ctx);
        return toPerson(store.persons.get(input.id, store.actor));
      }),
    'persons.findByIdNumber': (input, ctx) =>
      guard(() => {
        const r = validateIdNumber(input.idNumber);
        if (!r.ok) return null;
        const hit = storeOf(ctx).persons.findDuplicates({ idNumber: r.idNumber })[0];
        return hit ? { id: hit.id, name: hit.name } : null;
      }),
    'persons.create': (input, ctx) =>
      guard(() => {
        const store = storeOf(ctx);
        return toPerson(store.persons.create(input, store.actor));
      }),
    'persons.update': (input, ctx) =>
      guard(() => {
        const store = storeOf(ctx);
        return toPerson(store.persons.update(input.id, input.patch, store.actor));
      }),

    'assessments.createDraft': (input, ctx) =>
      guard(() => {
        const store = storeOf(ctx);
        return toAssessment(store.assessments.createDraft(input.personId, input.header, store.actor));
      }),
    'assessments.saveDraft': (input, ctx) =>
      guard(() => {
        const store = storeOf(ctx);
        return toAssessment(store.assessments.saveDraft(input.id, { revision: input.revision, header: input.header, answers: input.answers }, store.actor));
      }),
    'assessments.finalize': (input, ctx) =>
      guard(() => {
        const store = storeOf(ctx);
        const draft = store.assessments.get(input.id);
        if (!draft) throw new ServiceError('NOT_FOUND', '没有这份评估');
        const person = store.persons.peek(draft.personId);
        if (!person) throw new ServiceError('NOT_FOUND', '没有这位老年人');
        const pack = policies.active(store.settings.getActivePolicyPack());
        const def = getInstrument(draft.instrumentId);
        const outcome = def ? scoreAssessment(def, draft.answers.scoring) : null;
        // Classify from the engine's level; the store scores the same answers again inside
        // its transaction and refuses a result that disagrees, so the two always belong together.
        // Invalid answers skip this and let the store name the bad fields.
        const extra = outcome?.ok
          ? {
              result: outcome.result,
              classification: classify(pack, {
                birthDate: person.birthDate,
                assessmentDate: draft.assessmentDate,
                finalLevel: outcome.result.finalLevel,
                economic: person.economic,
                familyPlanningSpecial: person.familyPlanningSpecial,
                disabilityGrade: person.disabilityGrade,
                living: { alone: person.livingAlone, emptyNest: person.emptyNest, leftBehind: person.leftBehind },
              }),
              policyPackId: pack.id,
              policyPackVersion: pack.version,
              personSnapshot: toPerson(person),
            }
          : {};
        return toAssessment(store.assessments.finalize(input.id, { revision: input.revision, ...extra }, store.actor));
      }),
    'assessments.discardDraft': (input, ctx) =>
      guard(() => {
        const store = storeOf(ctx);
        const draft = store.assessments.get(input.id);
        if (!draft) throw new ServiceError('NOT_FOUND', '没有这份评估');
        store.assessments.discardDraft(input.id, draft.revision, store.actor);
        return DONE;
      }),
    'assessments.get': (input, ctx) =>
      guard(() => {
        const store = storeOf(ctx);
        const a = store.assessments.get(input.id);
        if (!a) throw new ServiceError('NOT_FOUND', '没有这份评估');
        // Health answers are as sensitive as the person record: reading them is audited the same way.
        store.audit.append(store.actor, { action: 'assessment.view', entity: 'assessment', entityId: a.id, detail: { personId: a.personId } });
        return toAssessment(a);
      }),
    'assessments.listByPerson': (input, ctx) =>
      guard(() =>
        storeOf(ctx)
          .assessments.listByPerson(input.personId)
          .map((s) => ({
            id: s.id,
            assessmentNo: s.assessmentNo,
            assessmentDate: s.assessmentDate,
            reason: s.reason,
            status: s.status,
            assessor1Name: s.assessor1Name,
            assessor2Name: s.assessor2Name,
            total: s.total,
            finalLevel: s.finalLevel,
            category: s.category,
            supersedesId: s.supersedesId,
          })),
      ),
    'assessments.draftForPerson': (input, ctx) =>
      guard(() => {
        const d = storeOf(ctx).assessments.latestDraftForPerson(input.personId);
        return d ? toAssessment(d) : null;
      }),

    'policy.list': (_input, ctx) =>
      guard(() => {
        const store = storeOf(ctx);
        return {
          active: store.settings.getActivePolicyPack() ?? DEFAULT_PACK_ID,
          packs: policies.all().map((p) => summarize(p.pack, p.builtin)),
        };
      }),
    'policy.load': (input, ctx) =>
      guard(() => {
        const store = storeOf(ctx);
        const r = policies.load(input.json);
        if (!r.ok) throw new ServiceError('BAD_INPUT', '政策包无效，请检查标出的字段', r.errors);
        store.audit.append(store.actor, { action: 'policy.load', entity: 'policyPack', entityId: `${r.pack.id}@${r.pack.version}` });
        return summarize(r.pack, false);
      }),
    'policy.activate': (input, ctx) =>
      guard(() => {
        const store = storeOf(ctx);
        if (!policies.get(input.packId)) throw new ServiceError('NOT_FOUND', `没有政策包 ${input.packId}`);
        store.settings.setActivePolicyPack(input.packId, store.actor);
        return { active: input.packId };
      }),

    'audit.list': (input, ctx) =>
      guard(() => {
        const store = storeOf(ctx);
        const total = store.audit.count();
        const before = input.beforeSeq ?? total + 1;
        const afterSeq = Math.max(0, before - 1 - input.limit);
        return store.audit
          .list({ afterSeq, limit: input.limit })
          .filter((r) => r.seq < before)
          .reverse()
          .map(toAuditRow);
      }),
    'audit.verify': (_input, ctx) =>
      guard(() => {
        const v = verifyAuditChain(storeOf(ctx).db);
        return v.ok
          ? { ok: true, rows: v.rows, brokenAt: null, reason: null }
          : { ok: false, rows: v.brokenAt - 1, brokenAt: v.brokenAt, reason: v.reason };
      }),
  };
}
