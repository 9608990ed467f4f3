import { z } from 'zod';
import { defineMethod, type MethodDef } from './define';
import { ROLES } from './roles';

export * from './roles';
export * from './errors';
export type { MethodDef } from './define';

const instrumentSummary = z.object({
  id: z.string(),
  title: z.string(),
  version: z.string(),
});

/**
 * The one API contract. Both transports (Electron IPC and the loopback HTTP server)
 * register exactly these methods over the same dispatcher.
 */
export const contract = {
  'app.info': defineMethod({
    summary: '应用信息：版本、数据目录、可用评估工具',
    access: 'public',
    input: z.object({}).strict(),
    output: z.object({
      name: z.string(),
      productName: z.string(),
      version: z.string(),
      dataDir: z.string(),
      mode: z.enum(['electron', 'browser', 'cli']),
      instruments: z.array(instrumentSummary),
    }),
  }),
  'session.current': defineMethod({
    summary: '当前登录用户',
    access: 'any',
    input: z.object({}).strict(),
    output: z.object({
      userId: z.string(),
      username: z.string(),
      role: z.enum(ROLES),
    }),
  }),
} satisfies Record<string, MethodDef>;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Contract[M]['output']>;

export const METHOD_NAMES = Object.keys(contract) as MethodName[];

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

/** IPC channel of a method; one channel per method so a handler can never serve another. */
export function ipcChannel(method: MethodName): string {
  return `yiyang:${method}`;
}
