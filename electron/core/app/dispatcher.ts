import type { z } from 'zod';
import {
  canCall,
  contract,
  isMethodName,
  METHOD_NAMES,
  ServiceError,
  type ApiResult,
  type Contract,
  type MethodName,
  type MethodOutput,
} from '../../../shared/contract';
import { zodFieldErrors } from '../../../shared/contract/zod-zh';
import type { Store } from '../db';
import type { Logger } from './log';
import type { SessionResolver, SessionUser } from './sessions';

export type { SessionResolver, SessionUser } from './sessions';


export type Transport = 'ipc' | 'http' | 'port' | 'cli' | 'test';

export interface CallContext {
  user: SessionUser | null;
  sessionToken?: string;
  transport: Transport;
  /** The signed-in user's own store connection; reading it without one answers UNAUTHENTICATED. */
  readonly store: Store;
}

export type Handlers = {
  [M in MethodName]: (
    input: z.output<Contract[M]['input']>,
    ctx: CallContext,
  ) => Promise<MethodOutput<M>> | MethodOutput<M>;
};

/** What every transport sends: the method's input and, once signed in, the session token. */
export interface CallRequest {
  input?: unknown;
  session?: string;
}

export interface Dispatcher {
  readonly methods: readonly MethodName[];
  call(method: string, request: CallRequest, transport: Transport): Promise<ApiResult<unknown>>;
}

/** Methods only the district hub serves (`yiyang hub serve`); a station's core serves every other. */
export type HubMethodName = Extract<MethodName, `hub.${string}`>;
/** What a station's core implements: every method but the hub's (a missing one is a compile error). */
export type StationHandlers = Omit<Handlers, HubMethodName>;

/** The handlers of one namespace (`persons` → every `persons.*` method), typed from the contract. */
export type NamespaceHandlers<N extends string> = Pick<Handlers, Extract<MethodName, `${N}.${string}`>>;

export interface DispatcherDeps {
  /** The methods this process serves; any other contract method answers UNKNOWN_METHOD. */
  handlers: Partial<Handlers>;
  sessions: SessionResolver;
  logger: Logger;
  /** The open store connection behind a session token, for `ctx.store`. */
  storeFor?: (token: string | undefined) => Store | null;
  /** Turns the core's own failures (a StoreError) into the contract's ServiceError, in one place. */
  mapError?: (err: unknown) => unknown;
}

export function createDispatcher(deps: DispatcherDeps): Dispatcher {
  const { handlers, sessions, logger } = deps;
  const storeFor = deps.storeFor ?? (() => null);
  const mapError = deps.mapError ?? ((err: unknown) => err);
  const served = METHOD_NAMES.filter((m) => Object.prototype.hasOwnProperty.call(handlers, m));
  const serves = new Set<string>(served);
  return {
    methods: served,
    async call(method, request, transport) {
      if (!isMethodName(method) || !serves.has(method)) {
        return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `没有这个接口：${method}` } };
      }
      const def = contract[method];
      const sessionToken = typeof request?.session === 'string' ? request.session : undefined;
      const user = sessions.resolve(sessionToken);

      // Authorisation comes before input validation so an anonymous caller learns nothing about schemas.
      if (def.access !== 'public') {
        if (!user) return { ok: false, error: { code: 'UNAUTHENTICATED', message: '请先登录（会话不存在或已过期）' } };
        if (!canCall(user.role, method)) return { ok: false, error: { code: 'FORBIDDEN', message: '当前账号没有执行此操作的权限' } };
      }

      const parsed = def.input.safeParse(request?.input ?? {});
      if (!parsed.success) {
        return {
          ok: false,
          error: { code: 'BAD_INPUT', message: '输入有误，请检查标出的字段', fields: zodFieldErrors(parsed.error) },
        };
      }

      try {
        const handler = handlers[method] as unknown as (input: unknown, ctx: CallContext) => unknown;
        const ctx: CallContext = {
          user,
          sessionToken,
          transport,
          get store(): Store {
            const store = storeFor(sessionToken);
            if (!store?.isOpen) throw new ServiceError('UNAUTHENTICATED', '请先登录（会话不存在或已过期）');
            return store;
          },
        };
        const value = await handler(parsed.data, ctx);
        const checked = def.output.safeParse(value);
        if (!checked.success) {
          logger.log('error', 'dispatch.bad_output', { method, issues: checked.error.issues.length });
          return { ok: false, error: { code: 'INTERNAL', message: '内部错误：返回数据不符合接口约定' } };
        }
        return { ok: true, value: checked.data };
      } catch (thrown) {
        const err = mapError(thrown);
        if (err instanceof ServiceError) {
          return { ok: false, error: { code: err.code, message: err.message, fields: err.fields } };
        }
        logger.log('error', 'dispatch.failed', { method, error: err instanceof Error ? err.name : 'unknown' });
        return { ok: false, error: { code: 'INTERNAL', message: '内部错误，请重试；如持续出现请联系管理员' } };
      }
    },
  };
}
