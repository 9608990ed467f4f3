// Prints the plain `N passed, N failed` line CI reads, from vitest's JSON reports
// (unit and e2e). A step that failed before any test ran (lint, typecheck, build)
// counts as one failure so a red run never reads as green.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const [dir, statusArg] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
for (const name of ['unit.json', 'e2e.json']) {
  const file = path.join(dir, name);
  if (!existsSync(file)) continue;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}
if (Number(statusArg) !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
