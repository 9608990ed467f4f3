import type { Db } from '../db/database';

/**
 * The texts the assessment facts refer to by number (migration 8): a few thousand even at
 * 100 000 persons. Texts are only ever added (a number, once given, keeps its text), so a
 * connection keeps what it read and asks only for newer numbers; the dashboard's kept
 * worker does not read them all again for every call. Read inside the caller's transaction,
 * so every number the facts hold is here.
 */
const known = new WeakMap<Db, { texts: Map<number, string>; upTo: number }>();

export function factTextsOf(db: Db): ReadonlyMap<number, string> {
  let k = known.get(db);
  // A text read inside a transaction that was then rolled back may have lost its number to
  // another: if the last one read is not what it was, read them all again.
  if (k && k.upTo > 0 && db.prepare('SELECT text FROM fact_texts WHERE id = ?').pluck().get(k.upTo) !== k.texts.get(k.upTo)) k = undefined;
  if (!k) known.set(db, (k = { texts: new Map(), upTo: 0 }));
  for (const [id, text] of db.prepare('SELECT id, text FROM fact_texts WHERE id > ? ORDER BY id').raw().iterate(k.upTo) as IterableIterator<[number, string]>) {
    k.texts.set(id, text);
    k.upTo = id;
  }
  return k.texts;
}
