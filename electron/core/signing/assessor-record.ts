import { asciiPersonName, truncateWords } from './ascii-name';
import { arrayOf, dictOf, textOf, type PdfDict } from './pdf-objects';
import { pdfString } from './placeholder';

/**
 * Which certificate signs for which assessor. The page prints the assessors' Chinese names
 * and certificate subjects are ASCII (pinyin plus the user id), so a name alone binds
 * loosely. The first signature's dictionary therefore also records, in order, each
 * assessor's name as printed and the SHA-256 of the certificate the app chose for them.
 * Signature 1 covers that record, so nobody after assessor 1 can change whose certificate
 * the second signature must be; a colleague of the same CA countersigning is caught here.
 */
export interface AssessorBinding {
  /** As printed on the page, e.g. 张丽华. */
  name: string;
  /** Colon-separated upper-case hex, as X509Certificate.fingerprint256 gives it. */
  fingerprint256: string;
}

/** A second-class name (ISO 32000 §7.3.5 style prefix): viewers ignore keys they do not know. */
export const ASSESSOR_RECORD_KEY = 'Yiyang_Assessors';

export function assessorRecordEntry(list: readonly AssessorBinding[]): string {
  const items = list.map((a) => `<< /Name ${pdfString(a.name)} /Cert <${a.fingerprint256.replace(/:/g, '').toUpperCase()}> >>`);
  return `/${ASSESSOR_RECORD_KEY} [${items.join(' ')}]`;
}

export function readAssessorRecord(sigDict: PdfDict): AssessorBinding[] | null {
  const v = sigDict.get(ASSESSOR_RECORD_KEY);
  if (v?.type !== 'array') return null;
  const out: AssessorBinding[] = [];
  for (const item of arrayOf(v)) {
    const d = dictOf(item);
    const name = textOf(d?.get('Name'));
    const cert = d?.get('Cert');
    if (!name || cert?.type !== 'string' || cert.value.length !== 32) return null;
    out.push({ name, fingerprint256: cert.value.toString('hex').toUpperCase().replace(/(..)(?!$)/g, '$1:') });
  }
  return out;
}

// Same bound as the certificates the app issues (user-certificates.ts: 64 − room for the id).
const PERSON_NAME_MAX = 25;
const letters = (s: string) => s.toLowerCase().replace(/ü/g, 'v').replace(/[^a-z0-9]/g, '');

/**
 * The certificate's CN (without its "(user id)") spells the printed name: the pinyin the app
 * puts in certificates, in either name order, ignoring case, spaces and punctuation.
 */
export function nameMatchesCertificate(printedName: string, commonName: string | null): boolean {
  const bare = (commonName ?? '').replace(/\s*\([^()]*\)\s*$/, '').trim();
  if (!bare) return false;
  const full = asciiPersonName(printedName, '');
  if (!full) return false;
  const forms = [full, truncateWords(full, PERSON_NAME_MAX)];
  const words = full.split(' ');
  if (words.length > 1) forms.push([...words.slice(1), words[0]].join(' '));
  return forms.some((f) => letters(f) === letters(bare));
}
