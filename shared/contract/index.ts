import { z } from 'zod';
import { FILE_PURPOSES } from '../desktop/files';
import { assessmentHeaderPatchSchema, assessmentHeaderSchema } from '../validation/assessment';
import { personInputSchema, personPatchSchema, safeText } from '../validation/person';
import { capabilityInstrument } from '../instruments/registry';
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
import { DISTRICT_ROLES, ROLES, type AnyRole, type Role } from './roles';

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
const displayName = z.string({ error: '请输入姓名' }).trim().min(1, { error: '请输入姓名' }).max(50, { error: '姓名不能超过50个字' }).superRefine(safeText('姓名'));
const institutionName = z.string({ error: '请输入机构名称' }).trim().min(1, { error: '请输入机构名称' }).max(100, { error: '机构名称不能超过100个字' }).superRefine(safeText('机构名称'));

/** Who may read people and assessments: everyone signed in (managers review and export). */
const readers = ['admin', 'assessor', 'manager'] as const;
/** Who may register people and run assessments. */
const writers = ['admin', 'assessor'] as const;
const admins = ['admin'] as const;
/** Statistics and exports: managers and admins, never assessors (least privilege); at the hub, both district roles. */
const managers = ['admin', 'manager', 'districtAdmin', 'districtManager'] as const;
/** The district hub's own pages (站点, 人员, 资料不一致, reports). */
const district = DISTRICT_ROLES;
const districtAdmins = ['districtAdmin'] as const;
/** Who reads the audit trail: a station's admins, and the hub's (its own trail). */
const auditors = ['admin', 'districtAdmin'] as const;

const packSummarySchema = z.object({
  id: z.string(),
  version: z.string(),
  title: z.string(),
  region: z.string(),
  effectiveFrom: z.string(),
  effectiveTo: z.string().nullable(),
  builtin: z.boolean(),
});

const catalogueSummarySchema = z.object({
  id: z.string(),
  version: z.string(),
  title: z.string(),
  /** The instrument whose answers it reads, by name. */
  instrumentTitle: z.string(),
  effectiveFrom: z.string(),
  verified: z.boolean(),
  builtin: z.boolean(),
  /** The newest catalogue for its instrument: the one new care plans come from. */
  inUse: z.boolean(),
});

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: '日期应为 YYYY-MM-DD' });

/** The filters the dashboard and the exports share. */
export const statsFilterSchema = z.strictObject({
  from: isoDay.optional(),
  to: isoDay.optional(),
  county: z.string().trim().min(1).max(30).optional(),
  township: z.string().trim().min(1).max(30).optional(),
  instrumentId: z.string().min(1).max(40).optional(),
  assessorId: z.string().min(1).max(64).optional(),
});

const count = z.number().int().min(0);
const reasonCounts = z.object({ first: count, routine: count, immediate: count, review: count, other: count });

export const dashboardStatsSchema = z.object({
  instrument: z.string(),
  assessments: count,
  persons: count,
  byLevel: z.record(z.string(), count),
  byCategory: z.record(z.string(), count),
  categoryNames: z.record(z.string(), z.string()),
  byDistrict: z.record(z.string(), count),
  byMonth: z.record(z.string(), reasonCounts),
  due30: count,
  overdue: count,
  neverAssessed: count,
  disabledByDistrict: z.record(z.string(), z.object({ level1: count, level2: count })),
  tekunUnableSelfCare: count,
  tekunUnableSelfCareCentralized: count,
  careSubsidyRecipients: count,
  careSubsidyMonthlyTotal: count,
  voucherCandidates: count,
});

const settingsSchema = z.object({
  institutionName: z.string(),
  institutionCode: z.string().nullable(),
  address: z.string().nullable(),
  reassessmentIntervalMonths: z.number().int(),
  activePolicyPack: z.string(),
});

/** A signature pad's PNG as a data URL; ~500 KB of PNG is ~683 000 characters of base64. */
const MAX_HANDWRITING_URL = 700_000;
const handwritingUrl = z
  .string({ error: '签名图片应为 PNG' })
  .max(MAX_HANDWRITING_URL, { error: '签名图片过大（不能超过 500 KB）' })
  .regex(/^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/, { error: '签名图片应为 PNG（data:image/png;base64,…）' });
/** A whole PDF or PKCS#12 file in base64 (the HTTP transport accepts 16 MB bodies). */
const base64File = (what: string, maxChars: number) =>
  z
    .string({ error: `请提供${what}` })
    .min(4, { error: `请提供${what}` })
    .max(maxChars, { error: `${what}过大` })
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, { error: `${what}的内容无效` });
const secret = (who: string) => z.string({ error: `请输入${who}的密码` }).min(1, { error: `请输入${who}的密码` }).max(256, { error: '密码过长' });

const certificateSummary = z.object({
  id: z.string(),
  subject: z.string(),
  commonName: z.string().nullable(),
  serial: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  source: z.enum(['generated', 'imported']),
  fingerprint256: z.string(),
});

const signatureCheckSchema = z.object({
  index: z.number().int(),
  /** CN of the signer certificate (ASCII pinyin + user id in our reports), else the signature's /Name. */
  signer: z.string().nullable(),
  subject: z.string().nullable(),
  issuer: z.string().nullable(),
  signingTime: z.string().nullable(),
  /** The bytes it covers are unchanged and the signature checks out. */
  valid: z.boolean(),
  problem: z.string().nullable(),
  /** none: nothing after it; laterSignature: only later signatures were added; modified: changed after it. */
  changedAfter: z.enum(['none', 'laterSignature', 'modified']),
  bytesAfter: z.number().int(),
  /** Chains to this institution's CA. */
  trusted: z.boolean(),
  trustProblem: z.string().nullable(),
  /** The signer certificate is one stored here (e.g. an imported institution certificate). */
  registered: z.boolean(),
  /** Display name of the user that certificate belongs to, when registered. */
  holder: z.string().nullable(),
  fingerprint256: z.string().nullable(),
  /**
   * Its standing in the report (electron/core/signing/describe.ts): valid; changed (what it
   * signed was changed); invalid (broken, or not the certificate of the assessor it stands
   * for); untrusted (not this institution's certificate); unchecked (nothing to check it against).
   */
  status: z.enum(['valid', 'changed', 'invalid', 'untrusted', 'unchecked']),
  /** The assessor the report's first signature records for this signature, e.g. 评估人员（1）张丽华. */
  assessor: z.string().nullable(),
  /** Why the signature does not stand for that assessor. */
  assessorProblem: z.string().nullable(),
  /** One Chinese line, as `yiyang verify` prints it. */
  text: z.string(),
});

const instrumentSummary = z.object({
  id: z.string(),
  title: z.string(),
  version: z.string(),
});

/** Long work running off the request thread, as its starter sees it. */
const jobViewSchema = z.object({
  id: z.string(),
  kind: z.string(),
  /** What it is, for people: 数据备份, 批量导出评估报告, … */
  title: z.string(),
  state: z.enum(['running', 'done', 'failed', 'cancelled']),
  done: z.number().int(),
  total: z.number().int(),
  /** What it is doing now, in Chinese. */
  phase: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  /** One line when it ended: what was made, or why not. */
  message: z.string().nullable(),
  /** A file waiting to be saved (`jobs.result`). */
  file: z.object({ name: z.string(), size: z.number().int() }).nullable(),
});

const backupFileSchema = z.object({ fileName: z.string(), kind: z.enum(['auto', 'manual']), createdAt: z.string(), bytes: z.number().int() });

const hubStationSchema = z.object({
  name: z.string(),
  stationId: z.string().nullable(),
  certSha256: z.string(),
  enrolledAt: z.string(),
  lastSequence: count,
  lastBundleAt: z.string().nullable(),
  bundles: count,
  /** Sequence numbers below the last one that never arrived, as ranges. */
  missing: z.array(z.object({ from: count, to: count })),
  persons: count,
  assessments: count,
});

const hubPersonRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  sex: z.string(),
  birthDate: z.string(),
  /** Masked in lists (first 6 and last 4); whole on the person's page. */
  idNumber: z.string().nullable(),
  county: z.string().nullable(),
  township: z.string().nullable(),
  lastLevel: z.number().int().nullable(),
  lastAssessmentDate: z.string().nullable(),
  /** Names of the stations that assessed this person. */
  stations: z.array(z.string()),
  assessments: count,
  conflicts: count,
});

const hubConflictSchema = z.object({
  personId: z.string(),
  personName: z.string(),
  idNumber: z.string().nullable(),
  /** 姓名, 性别, 出生日期. */
  field: z.string(),
  hubValue: z.string().nullable(),
  stationValue: z.string().nullable(),
  station: z.string(),
  notedAt: z.string(),
});

const hubPersonSchema = z.object({
  person: hubPersonRowSchema.extend({ economic: z.string() }),
  assessments: z.array(
    z.object({
      id: z.string(),
      station: z.string(),
      assessmentNo: z.string(),
      assessmentDate: z.string(),
      instrument: z.string(),
      reason: z.string(),
      status: z.string(),
      total: z.number().nullable(),
      level: z.string().nullable(),
      category: z.string().nullable(),
      assessors: z.string().nullable(),
      signed: z.boolean(),
    }),
  ),
  conflicts: z.array(hubConflictSchema),
});

const hubUserSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(DISTRICT_ROLES),
  active: z.boolean(),
  createdAt: z.string(),
});

/** A backup in the data folder's backups (by its listed name) or a file chosen in the desktop app's dialog (by its grant). */
const backupSource = z.union([
  z.strictObject({ fileName: z.string().min(1).max(200) }),
  z.strictObject({ grant: z.string().min(1).max(200) }),
]);

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
      mode: z.enum(['electron', 'browser', 'cli', 'hub']),
      instruments: z.array(instrumentSummary),
    }),
  }),
  'setup.status': defineMethod({
    summary: '是否已完成首次设置',
    access: 'public',
    input: empty,
    output: z.object({
      initialized: z.boolean(),
      institutionName: z.string().nullable(),
      /** The store is there but cannot be opened: what is wrong, and whether a backup can replace it. */
      problem: z.object({ message: z.string(), restorable: z.boolean() }).nullable(),
    }),
  }),
  'setup.backups': defineMethod({
    summary: '数据目录中可用于恢复的备份文件（只有文件名、时间与大小）',
    access: 'public',
    input: empty,
    output: z.array(backupFileSchema),
  }),
  'setup.restore': defineMethod({
    summary: '从备份恢复：首次设置之前，或数据库无法打开时（损坏的文件移到数据目录的 damaged-时间 中保留）',
    access: 'public',
    input: z.union([
      z.strictObject({ source: backupSource, username: z.string().trim().min(1, { error: '请输入用户名' }), password: z.string().min(1, { error: '请输入密码' }) }),
      z.strictObject({ source: backupSource, recoveryKey: z.string().trim().min(1, { error: '请输入恢复密钥' }) }),
    ]),
    output: z.object({ ok: z.literal(true), setAside: z.string().nullable() }),
  }),
  'files.choose': defineMethod({
    summary: '在桌面程序的系统对话框中选择文件（只在桌面程序中可用；返回一次性凭据，不返回路径）',
    access: 'public',
    input: z.strictObject({ purpose: z.enum(FILE_PURPOSES) }),
    output: z.object({ grant: z.string(), name: z.string() }).nullable(),
  }),
  'setup.init': defineMethod({
    summary: '首次设置：机构与管理员账号（只显示一次恢复密钥）',
    access: 'public',
    input: z.strictObject({
      institutionName,
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
      institutionName: institutionName.optional(),
      institutionCode: z.string().trim().max(40).superRefine(safeText('机构代码')).nullable().optional(),
      address: z.string().trim().max(200).superRefine(safeText('机构地址')).nullable().optional(),
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
      /** A level of the capability instrument (GB/T 42195-2022: 0–4). */
      lastLevel: z.number().int().min(0).max(Math.max(...capabilityInstrument().levels.map((l) => l.level))).nullable().optional(),
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
    /** `revision` is the record's as the form read it: a change made meanwhile by someone else answers CONFLICT. */
    input: z.strictObject({ id, revision: z.number({ error: '缺少档案版本（revision）' }).int().min(1), patch: personPatchSchema }),
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
  'assessments.changeCarePlan': defineMethod({
    summary: '修改照护计划（取消勾选某项服务并说明理由、重新勾选，或填写备注）',
    access: writers,
    input: z.strictObject({
      id,
      change: z.discriminatedUnion('kind', [
        z.strictObject({ kind: z.literal('exclude'), serviceId: z.string().min(1), reason: z.string().max(500, { message: '理由不能超过 500 字' }).superRefine(safeText('理由', { multiline: true })) }),
        z.strictObject({ kind: z.literal('include'), serviceId: z.string().min(1) }),
        z.strictObject({ kind: z.literal('note'), text: z.string().max(500, { message: '备注不能超过 500 字' }).superRefine(safeText('备注', { multiline: true })) }),
      ]),
    }),
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
  'careServices.list': defineMethod({
    summary: '照护服务目录（照护计划依据的服务与触发条件）',
    access: readers,
    input: empty,
    output: z.array(catalogueSummarySchema),
  }),
  'careServices.load': defineMethod({
    summary: '载入新的照护服务目录（逐字段校验）',
    access: admins,
    input: z.strictObject({ json: z.string({ error: '请提供服务目录 JSON' }).min(2, { error: '请提供服务目录 JSON' }).max(1_000_000, { error: '服务目录过大' }) }),
    output: catalogueSummarySchema,
  }),
  'stats.dashboard': defineMethod({
    summary: '统计概览（按等级、类别、地区、月份；复评到期；规划指标）',
    access: managers,
    input: z.strictObject({ filter: statsFilterSchema.default({}) }),
    output: dashboardStatsSchema,
  }),
  'exports.start': defineMethod({
    summary: '导出评估数据为 XLSX 或 CSV（后台进行；每次评估一行或每人最近一次；预设名单；可脱敏）',
    access: managers,
    input: z.strictObject({
      filter: statsFilterSchema.default({}),
      format: z.enum(['xlsx', 'csv'], { error: '格式应为 xlsx 或 csv' }),
      latest: z.boolean().default(false),
      deidentify: z.boolean().default(false),
      list: z.enum(['due', 'careSubsidy', 'voucher'], { error: '名单应为 due、careSubsidy 或 voucher' }).optional(),
    }),
    output: jobViewSchema,
  }),
  'policy.activate': defineMethod({
    summary: '选择当前使用的政策包',
    access: admins,
    input: z.strictObject({ packId: id }),
    output: z.object({ active: z.string() }),
  }),
  'reports.preview': defineMethod({
    summary: '预览评估报告（已完成：按当前数据生成；已签名：签名后的报告文件）',
    access: readers,
    input: z.strictObject({ assessmentId: id, fullId: z.boolean().optional() }),
    output: z.object({ pdfBase64: z.string(), fileName: z.string(), missingGlyphs: z.array(z.string()), signed: z.boolean() }),
  }),
  'reports.signers': defineMethod({
    summary: '签名前：两名评估员及其签名证书情况（登录密码或机构证书密码）',
    access: writers,
    input: z.strictObject({ assessmentId: id }),
    output: z.object({
      assessor1: z.object({ userId: z.string(), displayName: z.string(), certificate: z.enum(['generated', 'imported']).nullable() }),
      assessor2: z.object({ userId: z.string(), displayName: z.string(), certificate: z.enum(['generated', 'imported']).nullable() }),
    }),
  }),
  'reports.sign': defineMethod({
    summary: '两名评估员签名（手写签名 + 数字签名），生成并保存签名报告',
    access: writers,
    input: z.strictObject({
      assessmentId: id,
      assessor1Secret: secret('评估员1'),
      assessor2Secret: secret('评估员2'),
      handwriting: z
        .strictObject({ assessor1: handwritingUrl.optional(), assessor2: handwritingUrl.optional(), informant: handwritingUrl.optional() })
        .default({}),
      fullId: z.boolean().optional(),
    }),
    output: assessmentRecordSchema,
  }),
  'reports.download': defineMethod({
    summary: '保存已签名的评估报告（PDF）',
    access: readers,
    input: z.strictObject({ assessmentId: id }),
    output: z.object({ pdfBase64: z.string(), fileName: z.string(), sha256: z.string() }),
  }),
  'reports.verify': defineMethod({
    summary: '验证报告 PDF 的数字签名（以本机构 CA 为信任锚）',
    access: 'any',
    input: z.strictObject({ pdfBase64: base64File('PDF 文件', 15_000_000) }),
    output: z.object({
      ok: z.boolean(),
      signatures: z.array(signatureCheckSchema),
      summary: z.string(),
      /** The file is exactly a report signed and stored here (same SHA-256). */
      storedAssessmentNo: z.string().nullable(),
    }),
  }),
  'signing.caCertificate': defineMethod({
    summary: '导出机构 CA 证书（PEM），供他人用标准工具验证报告',
    access: admins,
    input: empty,
    output: z.object({ pem: z.string(), fileName: z.string(), subject: z.string(), fingerprint256: z.string(), notAfter: z.string() }),
  }),
  'signing.importUserP12': defineMethod({
    summary: '为用户导入机构签发的签名证书（PKCS#12）',
    access: admins,
    input: z.strictObject({
      userId: id,
      p12Base64: base64File('证书文件', 1_000_000),
      p12Password: z.string({ error: '请输入证书密码' }).min(1, { error: '请输入证书密码' }).max(256, { error: '密码过长' }),
    }),
    output: z.object({ certificate: certificateSummary, warnings: z.array(z.string()) }),
  }),
  'signing.status': defineMethod({
    summary: '机构 CA 与各用户的签名证书',
    access: admins,
    input: empty,
    output: z.object({
      ca: certificateSummary.nullable(),
      users: z.array(
        z.object({
          userId: z.string(),
          username: z.string(),
          displayName: z.string(),
          role: z.enum(ROLES),
          active: z.boolean(),
          canSign: z.boolean(),
          certificate: certificateSummary.nullable(),
        }),
      ),
    }),
  }),
  'jobs.get': defineMethod({
    summary: '查看一项后台任务的进度（只限本人发起的任务）',
    access: 'any',
    input: z.strictObject({ id }),
    output: jobViewSchema,
  }),
  'jobs.list': defineMethod({ summary: '本人发起的后台任务', access: 'any', input: empty, output: z.array(jobViewSchema) }),
  'jobs.cancel': defineMethod({
    summary: '取消一项后台任务（不留下任何文件）',
    access: 'any',
    input: z.strictObject({ id }),
    output: jobViewSchema,
  }),
  'jobs.result': defineMethod({
    summary: '取回已完成任务的文件（分段）',
    access: 'any',
    input: z.strictObject({ id, offset: z.number().int().min(0).default(0) }),
    output: z.object({ name: z.string(), mime: z.string(), size: z.number().int(), offset: z.number().int(), chunkBase64: z.string(), last: z.boolean() }),
  }),
  'backup.create': defineMethod({
    summary: '立即备份（后台进行，加密备份文件保存在数据目录的 backups 中，或 files.choose 选定的位置）',
    access: admins,
    input: z.strictObject({ target: z.string().min(1).max(200).optional() }),
    output: jobViewSchema,
  }),
  'backup.list': defineMethod({
    summary: '数据目录中的备份文件',
    access: admins,
    input: empty,
    output: z.array(backupFileSchema),
  }),
  'reports.exportBulk': defineMethod({
    summary: '批量导出评估报告为一个 ZIP（后台进行；已签名的取签名文件，可选附上未签名的报告）',
    access: readers,
    input: z.strictObject({ personId: id.optional(), includeUnsigned: z.boolean().default(false) }),
    output: jobViewSchema,
  }),
  'exchange.status': defineMethod({
    summary: '数据交换：区县数据中心公钥与上次导出',
    access: admins,
    input: empty,
    output: z.object({
      stationId: z.string().nullable(),
      hubKey: z.object({ sha256: z.string() }).nullable(),
      last: z.object({ sequence: z.number().int(), exportedAt: z.string(), toSeq: z.number().int(), bundleId: z.string() }).nullable(),
    }),
  }),
  'exchange.setHubKey': defineMethod({
    summary: '载入区县数据中心公钥（PEM 文本，只需一次）',
    access: admins,
    input: z.strictObject({ pem: z.string({ error: '请选择公钥文件' }).min(1, { error: '请选择公钥文件' }).max(10_000, { error: '公钥文件过大' }) }),
    output: z.object({ sha256: z.string() }),
  }),
  'exchange.export': defineMethod({
    summary: '导出交换数据包（后台进行；上次导出之后的新数据，以机构密钥签名并加密给区县数据中心）',
    access: admins,
    input: z.strictObject({ target: z.string().min(1).max(200).optional() }),
    output: jobViewSchema,
  }),
  'audit.list': defineMethod({
    summary: '审计日志（站点的，或区县数据中心自己的）',
    access: auditors,
    input: z.strictObject({ limit: z.number().int().min(1).max(500).default(100), beforeSeq: z.number().int().optional() }),
    output: z.array(auditRowSchema),
  }),
  'audit.verify': defineMethod({
    summary: '校验审计日志哈希链',
    access: auditors,
    input: empty,
    output: z.object({ ok: z.boolean(), rows: z.number().int(), brokenAt: z.number().int().nullable(), reason: z.string().nullable() }),
  }),
  'hub.stations': defineMethod({
    summary: '站点：各站点的最近数据包、缺号与人数、评估数',
    access: district,
    input: empty,
    output: z.array(hubStationSchema),
  }),
  'hub.persons': defineMethod({
    summary: '区县人员查找（姓名、身份号码前缀；地区）：一人一行，不论在几个站点评估过',
    access: district,
    input: z.strictObject({
      query: z.string().trim().max(40).optional(),
      county: z.string().trim().max(30).optional(),
      limit: z.number().int().min(1).max(200).default(20),
      offset: z.number().int().min(0).default(0),
    }),
    output: z.object({ rows: z.array(hubPersonRowSchema), total: count }),
  }),
  'hub.person': defineMethod({
    summary: '区县人员详情：各站点的评估历史与资料不一致之处',
    access: district,
    input: z.strictObject({ id }),
    output: hubPersonSchema,
  }),
  'hub.report': defineMethod({
    summary: '打开站点报送的签名报告，并以该站点的机构证书验证',
    access: district,
    input: z.strictObject({ assessmentId: id }),
    output: z.object({ pdfBase64: z.string(), fileName: z.string(), sha256: z.string(), station: z.string(), ok: z.boolean(), signatures: z.array(signatureCheckSchema), summary: z.string() }),
  }),
  'hub.conflicts': defineMethod({
    summary: '资料不一致：同一身份证号在各站点的姓名、性别或出生日期不同（待人工核对）',
    access: district,
    input: empty,
    output: z.array(hubConflictSchema),
  }),
  'hub.addStation': defineMethod({
    summary: '登记站点（站点的机构证书 PEM 文本与名称，只需一次）',
    access: districtAdmins,
    input: z.strictObject({
      certPem: z.string({ error: '请选择站点证书文件' }).min(1, { error: '请选择站点证书文件' }).max(20_000, { error: '证书文件过大' }),
      name: institutionName,
    }),
    output: hubStationSchema,
  }),
  'hub.import': defineMethod({
    summary: '导入站点的交换数据包（验证签名与序号，一个数据包一个事务；需要数据中心密钥的密码）',
    access: districtAdmins,
    input: z.strictObject({ bundleBase64: base64File('交换数据包', 15_000_000), keyPassword: secret('数据中心密钥') }),
    output: z.object({
      station: z.string(),
      sequence: count,
      status: z.enum(['imported', 'replay']),
      gap: z.object({ from: count, to: count }).nullable(),
      counts: z.object({ persons: count, assessments: count, reports: count, audit: count, conflicts: count }),
    }),
  }),
  'hub.users': defineMethod({ summary: '区县数据中心的用户', access: districtAdmins, input: empty, output: z.array(hubUserSchema) }),
  'hub.createUser': defineMethod({
    summary: '新建区县数据中心用户',
    access: districtAdmins,
    input: z.strictObject({ username, displayName, role: z.enum(DISTRICT_ROLES, { error: '请选择角色' }), password }),
    output: hubUserSchema,
  }),
  'hub.updateUser': defineMethod({
    summary: '修改区县数据中心用户（姓名、角色、停用）',
    access: districtAdmins,
    input: z.strictObject({ id, displayName: displayName.optional(), role: z.enum(DISTRICT_ROLES).optional(), active: z.boolean().optional() }),
    output: hubUserSchema,
  }),
  'hub.resetPassword': defineMethod({
    summary: '重设区县数据中心用户的密码',
    access: districtAdmins,
    input: z.strictObject({ id, newPassword: password }),
    output: done,
  }),
} satisfies Record<string, MethodDef>;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Contract[M]['output']>;

export const METHOD_NAMES = Object.keys(contract) as MethodName[];

/**
 * The one role table: may someone with `role` (null: nobody signed in) call `method`? The
 * dispatcher enforces it; the UI's routes, menus and buttons and the command line ask it
 * the same question, so no screen offers what the server would refuse.
 */
export function canCall(role: AnyRole | null | undefined, method: MethodName): boolean {
  const access = contract[method].access;
  if (access === 'public') return true;
  if (!role) return false;
  return access === 'any' || access.includes(role);
}

/** Who may be named assessor 1 or 2, hold a signing certificate and sign: whoever may finalize assessments. */
export function canAssess(role: Role): boolean {
  return canCall(role, 'assessments.finalize');
}

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

/** IPC channel of a method; one channel per method so a handler can never serve another. */
export function ipcChannel(method: MethodName): string {
  return `yiyang:${method}`;
}
