import { useState } from 'react';

/** What a page knows about one action it runs (a create, a save): whether it is running and how it last failed. */
export interface Action {
  busy: boolean;
  error: unknown;
  /** Runs the action; its error is kept in `error`, never thrown. */
  run: () => Promise<void>;
  clearError: () => void;
}

/**
 * Runs a write the way every form of the console does: `busy` while it runs (its button shows it and
 * cannot be pressed twice), the error cleared when it starts and kept when it fails, for an ErrorNotice.
 */
export function useAction(action: () => Promise<void>): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const run = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run, clearError: () => setError(undefined) };
}
