import type { Db } from '../database';

export const HANDWRITING_ROLES = ['assessor1', 'assessor2', 'informant'] as const;
export type HandwritingRole = (typeof HANDWRITING_ROLES)[number];

export interface Handwriting {
  role: HandwritingRole;
  /** PNG as the signature pad exported it. */
  png: Buffer;
  /** YYYY-MM-DD printed beside the box. */
  signedOn: string;
}

/**
 * Handwritten signatures of an assessment. Written only while the assessment is finalized,
 * inside the transaction that signs it (triggers refuse anything else), so they are never
 * audited on their own: the `report.sign` row covers them.
 */
export class HandwritingRepo {
  constructor(private readonly db: Db) {}

  put(assessmentId: string, h: Handwriting): void {
    this.db
      .prepare(
        `INSERT INTO assessment_handwriting (assessment_id, role, png, signed_on, created_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (assessment_id, role) DO UPDATE SET png = excluded.png, signed_on = excluded.signed_on, created_at = excluded.created_at`,
      )
      .run(assessmentId, h.role, h.png, h.signedOn, new Date().toISOString());
  }

  list(assessmentId: string): Handwriting[] {
    const rows = this.db
      .prepare('SELECT role, png, signed_on FROM assessment_handwriting WHERE assessment_id = ? ORDER BY role')
      .all(assessmentId) as { role: HandwritingRole; png: Buffer; signed_on: string }[];
    return rows.map((r) => ({ role: r.role, png: r.png, signedOn: r.signed_on }));
  }
}
