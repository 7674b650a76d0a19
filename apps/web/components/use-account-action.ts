'use client';

import { useCallback, useRef, useState } from 'react';
import { type AccountAction, type ErrorText, errorText } from '../lib/account/error-text.ts';

/** How an action ended. */
export type Outcome<Result> = { ok: true; value: Result } | { ok: false };

/** The state of one form's action: running or not, and how it last failed. */
export interface AccountActionState<Args extends unknown[], Result> {
  busy: boolean;
  error: ErrorText | undefined;
  /**
   * Runs the action unless it is running already. Resolves to its outcome; a failure is also in
   * `error`, already in words, and a press while busy is `{ ok: false }` with no error.
   */
  run(...args: Args): Promise<Outcome<Result>>;
  /** Shows a problem found before calling the action (e.g. passwords that differ). */
  fail(message: string): void;
}

/**
 * Runs an account action for a form: one at a time (a second press while busy does nothing),
 * with its failure turned into words for `kind` of action.
 */
export function useAccountAction<Args extends unknown[], Result>(
  kind: AccountAction,
  action: (...args: Args) => Promise<Result>,
): AccountActionState<Args, Result> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorText | undefined>(undefined);
  const running = useRef(false);
  const run = useCallback(
    async (...args: Args) => {
      if (running.current) return { ok: false } as const;
      running.current = true;
      setBusy(true);
      setError(undefined);
      try {
        return { ok: true, value: await action(...args) } as const;
      } catch (thrown) {
        setError(errorText(thrown, kind));
        return { ok: false } as const;
      } finally {
        running.current = false;
        setBusy(false);
      }
    },
    [action, kind],
  );
  const fail = useCallback((message: string) => setError({ message, reference: undefined }), []);
  return { busy, error, run, fail };
}
