// The one masking rule lives with the ID-number validator, shared by the lists and the report.
export { maskIdNumber } from '../../../shared/validation/id-number';
