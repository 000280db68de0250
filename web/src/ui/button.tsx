import type { ButtonHTMLAttributes } from 'react';

/** A button in one of the console's four looks; `busy` disables it and says so to screen readers. */
export function Button({ variant = 'secondary', busy = false, className, disabled, children, type = 'button', ...rest }: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: 'primary' | 'secondary' | 'danger' | 'ghost'; busy?: boolean }) {
  return (
    <button type={type} className={`btn btn-${variant}${busy ? ' is-busy' : ''}${className ? ` ${className}` : ''}`} disabled={disabled || busy} aria-busy={busy || undefined} {...rest}>
      {busy && <span className="spinner" aria-hidden="true" />}
      {children}
    </button>
  );
}
