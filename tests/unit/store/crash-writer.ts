// Child process of crash.test.ts: signs in, then commits person + draft + finalized
// assessment transactions as fast as it can, printing "<personId> <assessmentId>" after
// each commit, until the parent kills it with SIGKILL.
import { Store, StoreError } from '../../../electron/core/db';
import { makeIdNumber } from '../../../shared/validation/id-number';
import { finalizeDraft, fullAnswers, GBT } from './helpers';

async function main(): Promise<void> {
  const dataDir = process.argv[2]!;
  const store = await Store.open(dataDir, 'admin', process.env.YIYANG_PASSWORD ?? '', { client: 'crash-writer' });
  const assessors = (store.db.prepare("SELECT id FROM users WHERE role IN ('admin', 'assessor') ORDER BY username").all() as { id: string }[]).map((r) => r.id);
  const answers = fullAnswers(3);
  process.stdout.write('ready\n');
  for (let i = 0; ; i++) {
    const year = 1930 + Math.floor(Math.random() * 35);
    const birthDate = `${year}-0${1 + Math.floor(Math.random() * 9)}-1${Math.floor(Math.random() * 9)}`;
    const sex = Math.random() < 0.5 ? '男' : '女';
    const seq = Math.floor(Math.random() * 500) * 2 + (sex === '男' ? 1 : 0);
    try {
      const [personId, assessmentId] = store.transaction(() => {
        const p = store.persons.create({ name: `测试${i % 100}号`, sex, birthDate, idNumber: makeIdNumber('350503', birthDate, seq) }, store.actor);
        const d = store.assessments.createDraft(
          p.id,
          { reason: 'first', assessmentDate: '2026-05-01', assessor1Id: assessors[0]!, assessor2Id: assessors[1]! },
          GBT,
          store.actor,
        );
        const s = store.assessments.saveDraft(d.id, { revision: d.revision, answers }, store.actor);
        const f = finalizeDraft(store, d.id, s.revision);
        return [p.id, f.id];
      });
      // Written only after commit returned: every line printed must survive the kill.
      process.stdout.write(`${personId} ${assessmentId}\n`);
    } catch (err) {
      if (err instanceof StoreError && err.code === 'CONFLICT') continue; // an ID number drawn twice
      throw err;
    }
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`crash-writer: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
