import type { ReactNode } from 'react';
import { ApiError } from '../api/client.js';

/** A banner: information, success, a warning or an error, announced to screen readers. */
export function Notice({ tone = 'info', title, children, onDismiss }: { tone?: 'info' | 'success' | 'warning' | 'error'; title?: ReactNode; children?: ReactNode; onDismiss?: () => void }) {
  return (
    <div className={`notice notice-${tone}`} role={tone === 'error' || tone === 'warning' ? 'alert' : 'status'}>
      <div className="notice-body">
        {title && <p className="notice-title">{title}</p>}
        {children && <div className="notice-text">{children}</div>}
      </div>
      {onDismiss && (
        <button type="button" className="notice-close" onClick={onDismiss} aria-label="Dismiss">
          ×
        </button>
      )}
    </div>
  );
}

/** What an error says and what to do next, for any thrown value. */
export function describeError(err: unknown): { message: string; nextStep?: string; code?: string } {
  if (err instanceof ApiError) return { message: err.message, nextStep: err.nextStep, code: err.code };
  if (err instanceof Error) return { message: err.message, nextStep: 'Reload the page and try again.' };
  return { message: String(err), nextStep: 'Reload the page and try again.' };
}

/** An error banner: the server's message and the next step; nothing when there is no error. */
export function ErrorNotice({ error, title = 'That did not work', onDismiss }: { error: unknown; title?: string; onDismiss?: () => void }) {
  if (error === undefined || error === null) return null;
  const d = describeError(error);
  return (
    <Notice tone="error" title={title} onDismiss={onDismiss}>
      <p>{d.message}</p>
      {d.nextStep && <p className="next-step">{d.nextStep}</p>}
    </Notice>
  );
}
