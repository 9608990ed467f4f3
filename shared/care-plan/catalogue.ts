import { z } from 'zod';
import '../contract/zod-zh';
import type { FieldError } from '../contract/errors';
import { diagnosisOptions, findItem, getInstrument, riskEventFields } from '../instruments';
import { issuesToFieldErrors } from '../policy/facts';

/*
 * A care-service catalogue is one JSON file (resources/care-services/<id>-<version>.json,
 * or loaded by an admin): the services a care plan may propose, each with the conditions
 * on one instrument's answers that make it needed.
 *
 *   format, id, version, title, effectiveFrom, instrument (whose answers it reads)
 *   verified, note   false / why: the built-in catalogue is our proposal (待核实)
 *   degrees          how much help, from the lowest triggering score of an item whose
 *                    maximum is `itemMax`; any other trigger gives `otherwise`
 *   reasons          one template per trigger kind (placeholders below)
 *   services[]       { id, name, triggers[], reason? }: needed when any trigger holds;
 *                    `reason` replaces the item template for this service
 *
 * Trigger kinds: item (score ≤ atMost), riskEvent (count ≥ atLeast), diagnosis (any of
 * codes), livingAlone, finalLevel (≥ atLeast), coma.
 */

export const CATALOGUE_FORMAT = 1;

export type ServiceTrigger =
  | { readonly kind: 'item'; readonly item: string; readonly atMost: number }
  | { readonly kind: 'riskEvent'; readonly key: string; readonly atLeast: number }
  | { readonly kind: 'diagnosis'; readonly codes: readonly string[] }
  | { readonly kind: 'livingAlone' }
  | { readonly kind: 'finalLevel'; readonly atLeast: number }
  | { readonly kind: 'coma' };

const text = () => z.string({ error: '应为字符串' }).min(1, { message: '不能为空' });
const int = () => z.number({ error: '应为整数' }).int({ message: '应为整数' });
const ID = /^[a-z][A-Za-z0-9]*$/;

const triggerSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('item'), item: text(), atMost: int().min(0) }),
    z.strictObject({ kind: z.literal('riskEvent'), key: text(), atLeast: int().min(1) }),
    z.strictObject({ kind: z.literal('diagnosis'), codes: z.array(text()).min(1, { message: '至少需要一个诊断编码' }) }),
    z.strictObject({ kind: z.literal('livingAlone') }),
    z.strictObject({ kind: z.literal('finalLevel'), atLeast: int().min(0) }),
    z.strictObject({ kind: z.literal('coma') }),
  ],
  { error: '应为 item、riskEvent、diagnosis、livingAlone、finalLevel 或 coma 之一' },
);

const serviceSchema = z.strictObject({
  id: z.string({ error: '应为字符串' }).regex(ID, { message: '格式不对，应为小写字母开头的字母数字' }),
  name: text(),
  triggers: z.array(triggerSchema).min(1, { message: '至少需要一个触发条件' }),
  reason: text().optional(),
});

const catalogueSchema = z.strictObject({
  format: z.literal(CATALOGUE_FORMAT, { error: `应为 ${CATALOGUE_FORMAT}（本程序支持的服务目录格式版本）` }),
  id: z.string({ error: '应为字符串' }).regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: '格式不对，应为小写字母、数字和连字符' }),
  version: text(),
  title: text(),
  effectiveFrom: z.string({ error: '应为 YYYY-MM-DD 格式的日期' }).regex(/^\d{4}-\d{2}-\d{2}$/, { message: '应为 YYYY-MM-DD 格式的日期' }),
  instrument: text(),
  verified: z.boolean({ error: '应为 true 或 false' }),
  note: text(),
  degrees: z.strictObject({
    itemMax: int().min(1),
    byScore: z.record(z.string().regex(/^\d+$/, { message: '应为分值' }), text()),
    otherwise: text(),
  }),
  reasons: z.strictObject({
    item: text(),
    riskEvent: text(),
    diagnosis: text(),
    livingAlone: text(),
    finalLevel: text(),
    coma: text(),
  }),
  services: z.array(serviceSchema).min(1, { message: '至少需要一项服务' }),
});

export type CareCatalogue = z.output<typeof catalogueSchema>;
export type CareService = CareCatalogue['services'][number];

/** `care-services@2026.1`: how a plan names the catalogue it came from. */
export const catalogueRef = (c: Pick<CareCatalogue, 'id' | 'version'>): string => `${c.id}@${c.version}`;

export type CatalogueResult = { ok: true; value: CareCatalogue } | { ok: false; errors: FieldError[] };

/**
 * The catalogue's shape, then its references against the instrument it reads: every item,
 * risk-event key, diagnosis code and level must exist there, and every threshold must be
 * one the item can score, so a typo never silently makes a service unreachable.
 */
export function validateCatalogue(raw: unknown): CatalogueResult {
  const parsed = catalogueSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, errors: issuesToFieldErrors(parsed.error.issues) };
  const c = parsed.data;
  const errors: FieldError[] = [];
  const def = getInstrument(c.instrument);
  if (!def) return { ok: false, errors: [{ path: 'instrument', message: `本程序没有评估工具 ${c.instrument}` }] };
  const seen = new Set<string>();
  c.services.forEach((s, i) => {
    if (seen.has(s.id)) errors.push({ path: `services.${i}.id`, message: `服务编号 ${s.id} 重复` });
    seen.add(s.id);
    s.triggers.forEach((t, j) => {
      const at = `services.${i}.triggers.${j}`;
      if (t.kind === 'item') {
        const item = findItem(def, t.item);
        if (!item) errors.push({ path: `${at}.item`, message: `${def.title}没有项目 ${t.item}` });
        else if (!item.options.some((o) => o.score <= t.atMost)) errors.push({ path: `${at}.atMost`, message: `${t.item} 没有不高于 ${t.atMost} 的分值` });
        else if (t.atMost >= item.max) errors.push({ path: `${at}.atMost`, message: `${t.item} 最高 ${item.max} 分，此条件总是成立` });
      } else if (t.kind === 'riskEvent') {
        if (!riskEventFields(def).some((f) => f.key === t.key)) errors.push({ path: `${at}.key`, message: `${def.title}没有照护风险事件 ${t.key}` });
      } else if (t.kind === 'diagnosis') {
        const known = new Set(diagnosisOptions(def).map((o) => o.code));
        t.codes.forEach((code, k) => {
          if (!known.has(code)) errors.push({ path: `${at}.codes.${k}`, message: `${def.title}没有疾病诊断 ${code}` });
        });
      } else if (t.kind === 'finalLevel') {
        if (!def.levels.some((l) => l.level === t.atLeast)) errors.push({ path: `${at}.atLeast`, message: `${def.title}没有等级 ${t.atLeast}` });
      } else if (t.kind === 'coma') {
        if (!def.facts.coma) errors.push({ path: at, message: `${def.title}不记录昏迷` });
      }
    });
  });
  return errors.length ? { ok: false, errors } : { ok: true, value: c };
}
