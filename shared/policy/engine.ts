import { z } from 'zod';
import { evaluateCondition, summarizeFacts } from './conditions';
import { factValues, type FactValues, type PolicyFacts } from './facts';
import { ENTITLEMENT_RULE_PREFIX, type PolicyPack } from './pack';

/** One rule that fired, as the person and an auditor see it. */
export const trailEntrySchema = z.object({
  /** Stable ASCII id: a category rule id, or `entitlement.<id>`: for the audit trail and JSON. */
  rule: z.string(),
  /** What people read: the category's or the entitlement's name (absent in classifications made before titles). */
  title: z.string().optional(),
  /** The rule's own words, a colon, then the person's facts that satisfied it. */
  reason: z.string(),
  /** The citation of the rule's source document. */
  source: z.string(),
  /** false: not yet checked against the official text; shown as 待核实. */
  verified: z.boolean(),
});

export const grantedEntitlementSchema = z.object({
  id: z.string(),
  name: z.string(),
  amount: z.string().optional(),
  /** The tier granted, for a graded entitlement (全护理). */
  tier: z.string().optional(),
  verified: z.boolean(),
});

/** What a classification produces, for the contract and the store to reuse. */
export const classificationSchema = z.object({
  packId: z.string(),
  packVersion: z.string(),
  /** The pack's title, for people (absent in classifications made before titles). */
  packTitle: z.string().optional(),
  category: z.number().int(),
  categoryName: z.string(),
  /** In the pack's order. */
  entitlements: z.array(grantedEntitlementSchema),
  /**
   * Every rule of the winning category that held (in pack order), then one entry per
   * entitlement granted (in pack order). Rules of earlier categories never appear: they
   * did not hold, which is why this category won.
   */
  trail: z.array(trailEntrySchema),
});

export type TrailEntry = z.infer<typeof trailEntrySchema>;
export type GrantedEntitlement = z.infer<typeof grantedEntitlementSchema>;
export type Classification = z.infer<typeof classificationSchema>;

function citation(pack: PolicyPack, sourceId: string): string {
  // The validator guarantees the source exists; the id is a readable fallback all the same.
  return pack.sources.find((s) => s.id === sourceId)?.citation ?? sourceId;
}

/**
 * Puts one person in a category and lists what they are entitled to, using only the
 * pack's data. `facts` must have passed `policyFactsSchema` and `pack` `policyPackSchema`;
 * the result depends on nothing else, so the same inputs always give the same output.
 */
export function classify(pack: PolicyPack, facts: PolicyFacts): Classification {
  return classifyValues(pack, factValues(facts));
}

export function classifyValues(pack: PolicyPack, values: FactValues): Classification {
  const predicates = pack.predicates;
  let chosen: Classification | undefined;
  for (const cat of pack.categories) {
    const fired: TrailEntry[] = [];
    for (const rule of cat.rules) {
      const witness = rule.when ? evaluateCondition(rule.when, values, predicates) : { holds: true, witness: [summarizeFacts(values)] };
      if (!witness.holds) continue;
      fired.push({
        rule: rule.id,
        title: cat.name,
        reason: `${rule.reason}：${witness.witness.join('；')}`,
        source: citation(pack, rule.source),
        verified: rule.verified,
      });
    }
    if (fired.length > 0) {
      chosen = {
        packId: pack.id,
        packVersion: pack.version,
        packTitle: pack.title,
        category: cat.category,
        categoryName: cat.name,
        entitlements: [],
        trail: fired,
      };
      break;
    }
  }
  if (!chosen) {
    // Unreachable for a validated pack, whose last category has a rule without a condition.
    throw new Error(`政策包 ${pack.id} 没有兜底类别`);
  }
  for (const e of pack.entitlements) {
    const r = evaluateCondition(e.when, values, predicates);
    if (!r.holds) continue;
    let tier: { name: string; witness: string[] } | undefined;
    if (e.tiers) {
      for (const t of e.tiers) {
        const tr = evaluateCondition(t.when, values, predicates);
        if (tr.holds) {
          tier = { name: t.name, witness: tr.witness };
          break;
        }
      }
      if (!tier) continue;
    }
    chosen.entitlements.push({
      id: e.id,
      name: e.name,
      ...(e.amount === undefined ? {} : { amount: e.amount }),
      ...(tier ? { tier: tier.name } : {}),
      verified: e.verified,
    });
    const witness = tier ? [...r.witness, `${tier.name}（${tier.witness.join('；')}）`] : r.witness;
    chosen.trail.push({
      rule: `${ENTITLEMENT_RULE_PREFIX}${e.id}`,
      title: e.name,
      reason: `${e.reason}：${witness.join('；')}`,
      source: citation(pack, e.source),
      verified: e.verified,
    });
  }
  return chosen;
}

const UNVERIFIED = '待核实';

/**
 * How an entitlement's amount reads on screen and on paper: `300 元/月`, or
 * `300 元/月（待核实）` for a figure not yet checked against the official text. Empty when
 * the entitlement carries no amount (a priority or a service). A pack whose amount is not
 * known at all writes the amount as 待核实 itself, which is shown once.
 */
export function formatEntitlementAmount(e: Pick<GrantedEntitlement, 'amount' | 'verified'>): string {
  if (e.amount === undefined) return '';
  if (e.verified || e.amount.includes(UNVERIFIED)) return e.amount;
  return `${e.amount}（${UNVERIFIED}）`;
}
