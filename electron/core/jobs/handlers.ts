import { ServiceError } from '../../../shared/contract';
import type { CallContext, NamespaceHandlers } from '../app/dispatcher';
import type { JobRegistry } from './registry';

function me(ctx: CallContext): string {
  if (!ctx.user) throw new ServiceError('UNAUTHENTICATED', '请先登录');
  return ctx.user.userId;
}

export function jobsHandlers(jobs: JobRegistry): NamespaceHandlers<'jobs'> {
  return {
    'jobs.get': (input, ctx) => jobs.get(input.id, me(ctx)),
    'jobs.list': (_input, ctx) => jobs.list(me(ctx)),
    'jobs.cancel': (input, ctx) => jobs.cancel(input.id, me(ctx)),
    'jobs.result': (input, ctx) => jobs.result(input.id, me(ctx), input.offset),
  };
}
