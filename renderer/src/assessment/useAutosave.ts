import { useCallback, useEffect, useRef, useState } from 'react';
import type { AssessmentAnswers, AssessmentRecord } from '../../../shared/contract';
import type { AssessmentHeaderPatch } from '../../../shared/validation';
import { ApiCallError, type ApiClient } from '../api/client';
import { errorMessage } from '../app/errors';
import { isSessionGone } from '../app/session';

export type SaveState = 'saved' | 'pending' | 'saving' | 'error';

const DEBOUNCE_MS = 500;

/**
 * Keeps a draft in the store as the assessor works: changes are sent after a short
 * pause, one save at a time, each with the revision the store last returned (a second
 * window editing the same draft gets a conflict instead of silently overwriting).
 * A failed save (lock screen, lost session) keeps the changes and retries on the next
 * change or when `retry` is called.
 */
export function useAutosave(api: ApiClient, initial: AssessmentRecord, onSessionGone: () => void) {
  const [answers, setAnswers] = useState<AssessmentAnswers>(initial.answers);
  const [state, setState] = useState<SaveState>('saved');
  const [savedAt, setSavedAt] = useState<Date | null>(null);
  const [error, setError] = useState<string | null>(null);
  const revision = useRef(initial.revision);
  const pending = useRef<{ answers?: AssessmentAnswers; header?: AssessmentHeaderPatch }>({});
  const inFlight = useRef<Promise<void> | null>(null);
  const timer = useRef<number | null>(null);

  const flush = useCallback(async (): Promise<boolean> => {
    if (timer.current !== null) {
      window.clearTimeout(timer.current);
      timer.current = null;
    }
    while (inFlight.current) await inFlight.current;
    const change = pending.current;
    if (!change.answers && !change.header) return true;
    pending.current = {};
    setState('saving');
    let ok = true;
    const run = api
      .call('assessments.saveDraft', { id: initial.id, revision: revision.current, ...change })
      .then(
        (saved) => {
          revision.current = saved.revision;
          setSavedAt(new Date());
          setError(null);
          setState(pending.current.answers || pending.current.header ? 'pending' : 'saved');
        },
        (e: unknown) => {
          ok = false;
          // Put the change back unless something newer replaced it meanwhile.
          pending.current = { answers: pending.current.answers ?? change.answers, header: { ...change.header, ...pending.current.header } };
          setState('error');
          // A conflict never heals by retrying with the same revision: say what to do instead.
          setError(e instanceof ApiCallError && e.error.code === 'CONFLICT' ? '此草稿已在其他窗口被修改，请刷新页面后继续（本页未保存的修改会丢失）' : errorMessage(e));
          if (isSessionGone(e)) onSessionGone();
        },
      )
      .finally(() => {
        inFlight.current = null;
      });
    inFlight.current = run;
    await run;
    return ok;
  }, [api, initial.id, onSessionGone]);

  const schedule = useCallback(() => {
    setState((s) => (s === 'saving' ? s : 'pending'));
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => void flush(), DEBOUNCE_MS);
  }, [flush]);

  const update = useCallback(
    (next: AssessmentAnswers) => {
      setAnswers(next);
      pending.current = { ...pending.current, answers: next };
      schedule();
    },
    [schedule],
  );

  const updateHeader = useCallback(
    (patch: AssessmentHeaderPatch) => {
      pending.current = { ...pending.current, header: { ...pending.current.header, ...patch } };
      schedule();
    },
    [schedule],
  );

  // Leaving the page (or the app) tries once more to save what is pending.
  useEffect(() => {
    const beforeUnload = (e: BeforeUnloadEvent) => {
      if (pending.current.answers || pending.current.header) {
        void flush();
        e.preventDefault();
      }
    };
    window.addEventListener('beforeunload', beforeUnload);
    return () => {
      window.removeEventListener('beforeunload', beforeUnload);
      void flush();
    };
  }, [flush]);

  return { answers, update, updateHeader, flush, state, savedAt, error, revision };
}
