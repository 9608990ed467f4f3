export type {
  ReportData,
  ReportPerson,
  ReportAssessment,
  ReportAssessor,
  ReportIndicator,
  ReportItem,
  ReportHeading,
  ReportResultRow,
  ReportResultCell,
  ReportClassification,
  ReportEntitlement,
  ReportTrailStep,
  ReportSignatures,
  ReportLine,
  RenderedReport,
  SignatureBox,
} from './types';
export { renderReport, type RenderOptions } from './render';
export { renderAndSignReport, type AssessorSigner, type SignedReport } from './render-and-sign';
export { reportFonts, splitByFont, codePointLabel, MISSING_MARK, FONT_FILES, type ReportFonts } from './fonts';
export { resourcesDir } from './resources';
export { maskIdNumber } from './mask';
export { sampleReportData, SAMPLE_ASSESSORS, type SampleOptions } from './sample';
export { syntheticSignaturePng, encodePng } from './handwriting';
