export * from './types';
export { GBT42195_2022, GBT42195_DIAGNOSES } from './gbt42195-2022';
export { checkInstrument } from './check';
export { allFields, allItems, boundField, headerLabel, diagnosisOptions, findField, findItem, instrumentVerified, levelDef, levelName, riskEventFields } from './lookup';
export { capabilityInstrument, DEFAULT_INSTRUMENT_ID, getInstrument, INSTRUMENTS, registerInstrument, unregisterInstrument } from './registry';
export { answerOf, basicInfoSummary, describeField, fieldInWords, headerInWords, maskPhone, personFieldInWords, printLabel, type AnswerSource, type SummaryText } from './in-words';
