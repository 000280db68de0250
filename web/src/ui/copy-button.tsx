import { useEffect, useState } from 'react';

/** Copies a text (a token, a URL) to the clipboard and says so; where the clipboard is refused, says to copy by hand. */
export function CopyButton({ text, label = 'Copy', what }: { text: string; label?: string; what?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const t = setTimeout(() => setState('idle'), 4000);
    return () => clearTimeout(t);
  }, [state]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  };
  return (
    <span className="copy">
      <button type="button" className="btn btn-secondary btn-small" onClick={copy} aria-label={what ? `${state === 'copied' ? 'Copied' : label} ${what}` : undefined}>
        {state === 'copied' ? 'Copied' : label}
      </button>
      <span className="copy-status" role="status">
        {state === 'copied' ? `${what ? `${what[0]!.toUpperCase()}${what.slice(1)}` : 'Text'} copied to the clipboard.` : state === 'failed' ? 'The browser refused the clipboard: select the text and copy it by hand.' : ''}
      </span>
    </span>
  );
}
