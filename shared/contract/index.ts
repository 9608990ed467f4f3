import { z } from 'zod';
import { assessmentHeaderPatchSchema, assessmentHeaderSchema } from '../validation/assessment';
import { personInputSchema, personPatchSchema } from '../validation/person';
import { defineMethod, type MethodDef } from './define';
import {
  assessmentAnswersSchema,
  assessmentRecordSchema,
  assessmentSummarySchema,
  auditRowSchema,
  personRecordSchema,
  personRowSchema,
  sessionUserSchema,
  userSchema,
} from './records';
import { ROLES } from './roles';

export * from './roles';
export * from './errors';
export * from './records';
export type { MethodDef } from './define';

const id = z.string({ error: '缺少编号' }).min(1, { error: '缺少编号' }).max(100);
const empty = z.object({}).strict();
const done = z.object({ ok: z.literal(true) });
const password = z
  .string({ error: '请输入密码' })
  .min(8, { error: '密码至少 8 位' })
  .max(200, { error: '密码过长' });
const username = z
  .string({ error: '请输入用户名' })
  .trim()
  .regex(/^[A-Za-z0-9_.-]{2,32}$/, { error: '用户名为 2–32 位字母、数字、下划线、点或连字符' });
const displayName = z.string({ error: '请输入姓名' }).trim().min(1, { error: '请输入姓名' }).max(50, { error: '姓名不能超过50个字' });

/** Who may read people and assessments: everyone signed in (managers review and export). */
const readers = ['admin', 'assessor', 'manager'] as const;
/** Who may register people and run assessments. */
const writers = ['admin', 'assessor'] as const;
const admins = ['admin'] as const;

const packSummarySchema = z.object({
  id: z.string(),
  version: z.string(),
  title: z.string(),
  region: z.string(),
  effectiveFrom: z.string(),
  effectiveTo: z.string().nullable(),
  builtin: z.boolean(),
});

const settingsSchema = z.object({
  institutionName: z.string(),
  institutionCode: z.string().nullable(),
  address: z.string().nullable(),
  reassessmentIntervalMonths: z.number().int(),
  activePolicyPack: z.string(),
});

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
  'setup.status': defineMethod({
    summary: '是否已完成首次设置',
    access: 'public',
    input: empty,
    output: z.object({ initialized: z.boolean(), institutionName: z.string().nullable() }),
  }),
  'setup.init': defineMethod({
    summary: '首次设置：机构与管理员账号（只显示一次恢复密钥）',
    access: 'public',
    input: z.strictObject({
      institutionName: z.string({ error: '请输入机构名称' }).trim().min(1, { error: '请输入机构名称' }).max(100),
      adminUsername: username,
      adminDisplayName: displayName,
      password,
    }),
    output: z.object({ recoveryKey: z.string() }),
  }),
  'session.login': defineMethod({
    summary: '登录',
    access: 'public',
    input: z.strictObject({ username: z.string({ error: '请输入用户名' }).trim().min(1, { error: '请输入用户名' }), password: z.string({ error: '请输入密码' }).min(1, { error: '请输入密码' }) }),
    output: z.object({ session: z.string(), user: sessionUserSchema, idleMinutes: z.number() }),
  }),
  'session.logout': defineMethod({ summary: '退出登录', access: 'any', input: empty, output: done }),
  'session.current': defineMethod({ summary: '当前登录用户', access: 'any', input: empty, output: sessionUserSchema }),
  'session.changePassword': defineMethod({
    summary: '修改自己的密码',
    access: 'any',
    input: z.strictObject({ oldPassword: z.string({ error: '请输入原密码' }).min(1, { error: '请输入原密码' }), newPassword: password }),
    output: done,
  }),
  'settings.get': defineMethod({ summary: '机构设置', access: 'any', input: empty, output: settingsSchema }),
  'settings.update': defineMethod({
    summary: '修改机构设置',
    access: admins,
    input: z.strictObject({
      institutionName: z.string().trim().min(1, { error: '请输入机构名称' }).max(100).optional(),
      institutionCode: z.string().trim().max(40).nullable().optional(),
      address: z.string().trim().max(200).nullable().optional(),
      reassessmentIntervalMonths: z.number().int().min(1, { error: '复评间隔为 1–36 个月' }).max(36, { error: '复评间隔为 1–36 个月' }).optional(),
    }),
    output: settingsSchema,
  }),
  'users.list': defineMethod({ summary: '用户列表', access: admins, input: empty, output: z.array(userSchema) }),
  'users.create': defineMethod({
    summary: '新建用户',
    access: admins,
    input: z.strictObject({ username, displayName, role: z.enum(ROLES, { error: '请选择角色' }), password }),
    output: userSchema,
  }),
  'users.update': defineMethod({
    summary: '修改用户（姓名、角色、停用）',
    access: admins,
    input: z.strictObject({ id, displayName: displayName.optional(), role: z.enum(ROLES).optional(), active: z.boolean().optional() }),
    output: userSchema,
  }),
  'users.resetPassword': defineMethod({
    summary: '重设用户密码',
    access: admins,
    input: z.strictObject({ id, newPassword: password }),
    output: done,
  }),
  'users.assessors': defineMethod({
    summary: '可担任评估员的用户（评估信息 A.1 选择用）',
    access: writers,
    input: empty,
    output: z.array(z.object({ id: z.string(), displayName: z.string() })),
  }),
  'persons.search': defineMethod({
    summary: '查找老年人（姓名、拼音首字母、身份号码前缀；地区、等级、到期复评）',
    access: readers,
    input: z.strictObject({
      query: z.string().trim().max(40).optional(),
      county: z.string().trim().max(30).optional(),
      township: z.string().trim().max(30).optional(),
      lastLevel: z.number().int().min(0).max(4).nullable().optional(),
      reassessmentDue: z.boolean().optional(),
      limit: z.number().int().min(1).max(200).default(20),
      offset: z.number().int().min(0).default(0),
    }),
    output: z.object({ rows: z.array(personRowSchema), total: z.number().int() }),
  }),
  'persons.get': defineMethod({ summary: '查看老年人信息', access: readers, input: z.strictObject({ id }), output: personRecordSchema }),
  'persons.findByIdNumber': defineMethod({
    summary: '按公民身份号码查找（登记时查重）',
    access: writers,
    input: z.strictObject({ idNumber: z.string().trim().min(1).max(18) }),
    output: z.object({ id: z.string(), name: z.string() }).nullable(),
  }),
  'persons.create': defineMethod({ summary: '登记老年人', access: writers, input: personInputSchema, output: personRecordSchema }),
  'persons.update': defineMethod({
    summary: '修改老年人信息',
    access: writers,
    input: z.strictObject({ id, patch: personPatchSchema }),
    output: personRecordSchema,
  }),
  'assessments.createDraft': defineMethod({
    summary: '开始评估（草稿）',
    access: writers,
    input: z.strictObject({ personId: id, header: assessmentHeaderSchema }),
    output: assessmentRecordSchema,
  }),
  'assessments.saveDraft': defineMethod({
    summary: '自动保存评估草稿',
    access: writers,
    input: z.strictObject({
      id,
      revision: z.number().int().min(0),
      header: assessmentHeaderPatchSchema.optional(),
      answers: assessmentAnswersSchema.optional(),
    }),
    output: assessmentRecordSchema,
  }),
  'assessments.finalize': defineMethod({
    summary: '完成评估（计分、分类，之后只读）',
    access: writers,
    input: z.strictObject({ id, revision: z.number().int().min(0) }),
    output: assessmentRecordSchema,
  }),
  'assessments.discardDraft': defineMethod({
    summary: '放弃评估草稿',
    access: writers,
    input: z.strictObject({ id }),
    output: done,
  }),
  'assessments.get': defineMethod({ summary: '查看评估', access: readers, input: z.strictObject({ id }), output: assessmentRecordSchema }),
  'assessments.listByPerson': defineMethod({
    summary: '某人的全部评估',
    access: readers,
    input: z.strictObject({ personId: id }),
    output: z.array(assessmentSummarySchema),
  }),
  'assessments.draftForPerson': defineMethod({
    summary: '某人未完成的评估草稿',
    access: writers,
    input: z.strictObject({ personId: id }),
    output: assessmentRecordSchema.nullable(),
  }),
  'policy.list': defineMethod({
    summary: '可用的政策包与当前使用的政策包',
    access: readers,
    input: empty,
    output: z.object({ active: z.string(), packs: z.array(packSummarySchema) }),
  }),
  'policy.load': defineMethod({
    summary: '载入新的政策包（逐字段校验）',
    access: admins,
    input: z.strictObject({ json: z.string({ error: '请提供政策包 JSON' }).min(2, { error: '请提供政策包 JSON' }).max(1_000_000, { error: '政策包过大' }) }),
    output: packSummarySchema,
  }),
  'policy.activate': defineMethod({
    summary: '选择当前使用的政策包',
    access: admins,
    input: z.strictObject({ packId: id }),
    output: z.object({ active: z.string() }),
  }),
  'audit.list': defineMethod({
    summary: '审计日志',
    access: admins,
    input: z.strictObject({ limit: z.number().int().min(1).max(500).default(100), beforeSeq: z.number().int().optional() }),
    output: z.array(auditRowSchema),
  }),
  'audit.verify': defineMethod({
    summary: '校验审计日志哈希链',
    access: admins,
    input: empty,
    output: z.object({ ok: z.boolean(), rows: z.number().int(), brokenAt: z.number().int().nullable(), reason: z.string().nullable() }),
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
