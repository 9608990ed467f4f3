/**
 * Everything printed on an assessment report: the identity header, the instrument's basic
 * information summary, item scores and result block, the priority category and the
 * signature boxes. Built from the instrument definition and the stored assessment
 * (./report-data.ts); the renderer formats but never computes or looks anything up, so the
 * same data always gives the same page, whatever the instrument.
 */
export interface ReportData {
  institution: { name: string; code?: string };
  reportNo: string;
  person: ReportPerson;
  assessment: ReportAssessment;
  /** The instrument's report block: title, basis and headings. */
  heading: ReportHeading;
  /** The level the report concludes with, by name; '' while unassessed. */
  conclusion: string;
  /** Basic-information lines, already worded (e.g. {label:'居住情况', value:'独居'}). */
  basicInfoSummary: ReportLine[];
  /** The scored indicators with their items in form order. */
  indicators: ReportIndicator[];
  /** The instrument's result block, row by row as printed. */
  result: ReportResultRow[];
  /** Lines printed under the result, e.g. that a rule is not yet verified (待核实). */
  notes: string[];
  classification: ReportClassification | null;
  /** 照护需求与服务建议; null when no catalogue reads the instrument. */
  carePlan: ReportCarePlan | null;
  signatures: ReportSignatures;
}

export interface ReportCarePlan {
  /** The catalogue by name and version, e.g. `照护需求与服务建议目录（版本 2026.1）`. */
  catalogue: string;
  verified: boolean;
  services: {
    name: string;
    degree: string;
    reasons: string[];
    /** Unticked by an assessor: why, who, when (YYYY-MM-DD). */
    excluded: { reason: string; byName: string; date: string } | null;
  }[];
  note: { text: string; byName: string; date: string } | null;
}

export interface ReportHeading {
  title: string;
  basis: string;
  summaryHeading?: string;
  itemsHeading: string;
  resultHeading: string;
  /** The label over each assessor's box, e.g. 评估人员签名. */
  assessorSignature: string;
  /** Labels of the header fields as the instrument's form prints them (`A.1.2 评估基准日期`). */
  fields: { assessmentNo: string; assessmentDate: string; reason: string };
}

export interface ReportTick {
  label: string;
  checked: boolean;
  note?: string;
}

/** One cell of the result block; one cell alone spans the row. */
export interface ReportResultCell {
  text?: string;
  bold?: boolean;
  align?: 'left' | 'center';
  /** A sentence printed before the tick boxes. */
  intro?: string;
  ticks?: ReportTick[];
  /** One tick per line (clauses) instead of flowing on lines (levels). */
  stacked?: boolean;
}

export interface ReportResultRow {
  label: string;
  cells: ReportResultCell[];
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
  /** The instrument as people name it, e.g. `GB/T 42195-2022 老年人能力评估规范`. */
  instrument: string;
  /** The encoding's version the result was scored under, e.g. `1.0.0`. */
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
  /** Chinese name as printed on the page (the certificate carries the account). */
  name: string;
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

export interface ReportClassification {
  /** The pack as people name it: its title and version. */
  pack: string;
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
  /** The rule's title (category or entitlement name), not its id. */
  title: string;
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
