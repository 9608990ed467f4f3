import { signReport, type ReportSigner, type SignOptions } from '../signing';
import { renderReport, type RenderOptions } from './render';
import type { RenderedReport, ReportData } from './types';

/** A signer without the widget and printed name: both come from the rendered report. */
export type AssessorSigner = Omit<ReportSigner, 'widget' | 'printedName'>;

export interface SignedReport extends RenderedReport {
  /** The signed file (assessor 1, then assessor 2 as an incremental update). */
  signedPdf: Buffer;
}

/**
 * Renders and signs in one go: assessor 1's signature sits on box 1, assessor 2's on box 2.
 * `pdf` stays the unsigned rendering (e.g. for a preview); store `signedPdf`.
 */
export async function renderAndSignReport(
  data: ReportData,
  signers: { assessor1: AssessorSigner; assessor2: AssessorSigner },
  options: RenderOptions & SignOptions = {},
): Promise<SignedReport> {
  const rendered = await renderReport(data, options);
  const signedPdf = await signReport(
    rendered.pdf,
    [
      { ...signers.assessor1, widget: rendered.signatureBoxes.assessor1, printedName: data.assessment.assessors[0].name },
      { ...signers.assessor2, widget: rendered.signatureBoxes.assessor2, printedName: data.assessment.assessors[1].name },
    ],
    options.signingTime ? { signingTime: options.signingTime } : {},
  );
  return { ...rendered, signedPdf };
}
