/**
 * Everything printed on an assessment report (GB/T 42195-2022 Annex C plus the identity
 * header, the item scores and the priority category). The caller fills it from the store;
 * the renderer formats but never computes or looks anything up, so the same data always
 * gives the same page.
 */
export interface ReportData {
  institution: { name: string; code?: string };
  reportNo: string;
  person: ReportPerson;
  assessment: ReportAssessment;
  /** A.2–A.5 summary lines, already worded by the caller (e.g. {label:'居住情况', value:'独居'}). */
  basicInfoSummary: ReportLine[];
  /** The four first-level indicators (B.1–B.4) with their items in form order. */
  indicators: ReportIndicator[];
  /** C.2; null while the assessment is incomplete. */
  total: number | null;
  /** C.3 level code (0–4); null when not scored. */
  preliminaryLevel: number | null;
  preliminaryLevelName: string;
  /** C.5 level code (0–4). */
  finalLevel: number | null;
  finalLevelName: string;
  /** All five levels in order, to print every tick box. */
  levels: ReportLevel[];
  /** All three C.4 clauses; `applied` ticks the box. */
  adjustments: ReportAdjustment[];
  classification: ReportClassification | null;
  signatures: ReportSignatures;
}

export interface ReportLine {
  label: string;
  value: string;
}

export interface ReportPerson {
  name: string;
  /** '男' | '女' as printed. */
  sex: string;
  /** YYYY-MM-DD */
  birthDate: string;
  /** 18-character 公民身份号码. */
  idNumber: string;
  /** Mask the middle of the ID number (default practice); false prints it in full. */
  maskId: boolean;
  county: string;
  township: string;
  village: string;
  address?: string;
  phone?: string;
}

export interface ReportAssessment {
  instrumentId: string;
  instrumentVersion: string;
  /** A.1.3 as printed, e.g. '首次评估'. */
  reason: string;
  /** A.1.2, YYYY-MM-DD. */
  assessmentDate: string;
  place: string;
  assessors: [ReportAssessor, ReportAssessor];
  informant: { name: string; relation: string };
  /** ISO time the assessment was finalized: the PDF's creation date, so re-rendering is reproducible. */
  finalizedAt: string;
}

export interface ReportAssessor {
  /** Chinese name as printed on the page. */
  name: string;
  userId: string;
}

export interface ReportItem {
  /** e.g. 'B.1.1' */
  code: string;
  name: string;
  score: number | null;
  max: number;
  /** The chosen option's wording; empty when unanswered. */
  optionText: string;
}

export interface ReportIndicator {
  /** e.g. 'B.1' */
  code: string;
  name: string;
  score: number | null;
  max: number;
  items: ReportItem[];
}

export interface ReportLevel {
  level: number;
  name: string;
}

export interface ReportAdjustment {
  id: string;
  clauseText: string;
  applied: boolean;
  explanation?: string;
}

export interface ReportClassification {
  packId: string;
  packVersion: string;
  category: string;
  categoryName: string;
  entitlements: ReportEntitlement[];
  trail: ReportTrailStep[];
}

export interface ReportEntitlement {
  id: string;
  name: string;
  /** As printed, e.g. '200 元/月'. */
  amount?: string;
  /** false prints "（待核实）": a figure from a policy pack not yet checked against the official text. */
  verified: boolean;
}

export interface ReportTrailStep {
  rule: string;
  reason: string;
  source: string;
  verified: boolean;
}

export interface ReportSignatures {
  /** PNG images of the handwritten signatures, drawn into their boxes. */
  assessor1?: Buffer;
  assessor2?: Buffer;
  informant?: Buffer;
  /** YYYY-MM-DD printed beside each box; a box without a date gets blank 年月日 lines. */
  dates: { assessor1?: string; assessor2?: string; informant?: string };
}

/** Where a signature box is, so the digital signature's widget can sit on it. */
export interface SignatureBox {
  /** 0-based page index. */
  pageIndex: number;
  /** [x1, y1, x2, y2] in PDF user space (origin bottom-left). */
  rect: [number, number, number, number];
}

export interface RenderedReport {
  pdf: Buffer;
  pageCount: number;
  /**
   * Characters no bundled font has. They print as "〓" with their code points listed on the
   * page; the caller must warn (they are never dropped silently).
   */
  missingGlyphs: string[];
  signatureBoxes: { assessor1: SignatureBox; assessor2: SignatureBox; informant: SignatureBox };
}
