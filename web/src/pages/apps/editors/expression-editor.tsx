import './editors.css';
import { useEffect, useId, useRef, useState } from 'react';
import type { EditorApi, EvaluateAnswer, ObjectKind } from './editor-api.js';
import { describeProblem, ErrorMarker } from './error-marker.js';
import { ReferenceList } from './reference-list.js';
import { SamplePicker } from './sample-picker.js';
import { useDebounced } from './use-debounced.js';

/** What the expression editor needs: the text and its setter, the object kind, and where preview samples come from. */
export interface ExpressionEditorProps {
  api: EditorApi;
  value: string;
  onChange(value: string): void;
  label?: string;
  kind?: ObjectKind;
  /** The app whose source tenant (and roles) a preview uses; without it there is no preview. */
  app?: string;
  /** The app's source tenant, for finding a sample user or group by name. */
  tenant?: string;
  /** Told whether the expression is valid after each check, so a form can refuse to save a broken one. */
  onValidity?(valid: boolean): void;
  debounceMs?: number;
}

type Check = { state: 'idle' } | { state: 'checking' } | { state: 'done'; answer: EvaluateAnswer; previewError?: string } | { state: 'failed'; message: string };

/** Shows a preview value the way it would be sent: text as is, anything else as JSON. */
function showValue(a: EvaluateAnswer): string {
  if (a.ignoreFlow) return 'Nothing is sent (IgnoreFlow): the target attribute is left as it is.';
  if (a.value === undefined || a.value === null || a.value === '') return 'No value: the target attribute is not set (or gets its default value on create).';
  if (a.redacted) return '[Redact] (the value is hidden in logs)';
  return typeof a.value === 'string' ? a.value : JSON.stringify(a.value);
}

/**
 * Entra's expression editor, better: checks the expression as you type (after a pause), marks the error's
 * position and says what was expected there, lists functions and attributes to insert, and previews the
 * result on a real user or group of the app's directory.
 */
export function ExpressionEditor({ api, value, onChange, label = 'Expression', kind = 'User', app, tenant, onValidity, debounceMs = 300 }: ExpressionEditorProps) {
  const id = useId();
  const area = useRef<HTMLTextAreaElement>(null);
  const [sample, setSample] = useState('');
  const [check, setCheck] = useState<Check>({ state: 'idle' });
  // One debounced string (not an object, which is new on every render), so the timer restarts only on edits.
  const [settledValue, settledSample] = JSON.parse(useDebounced(JSON.stringify([value, app ? sample.trim() : '']), debounceMs)) as [string, string];
  const settled = { value: settledValue, sample: settledSample };
  const seq = useRef(0);
  const validity = useRef(onValidity);
  validity.current = onValidity;

  useEffect(() => {
    const mine = ++seq.current;
    setCheck({ state: 'checking' });
    (async (): Promise<Check> => {
      const base = { kind, expression: settled.value };
      if (!settled.sample) return { state: 'done', answer: await api.evaluate(base) };
      try {
        return { state: 'done', answer: await api.evaluate({ ...base, app, source: settled.sample }) };
      } catch (err) {
        // The sample could not be read (not found, say): still check the expression itself.
        return { state: 'done', answer: await api.evaluate(base), previewError: (err as Error).message };
      }
    })().then(
      (c) => {
        if (mine !== seq.current) return;
        setCheck(c);
        if (c.state === 'done') validity.current?.(c.answer.valid);
      },
      (err: Error) => mine === seq.current && setCheck({ state: 'failed', message: `The expression could not be checked: ${err.message}` }),
    );
  }, [api, kind, app, settled.value, settled.sample]);

  const insert = (text: string) => {
    const el = area.current;
    const start = el?.selectionStart ?? value.length;
    const end = el?.selectionEnd ?? value.length;
    onChange(value.slice(0, start) + text + value.slice(end));
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + text.length, start + text.length);
    });
  };
  const goTo = (position: number) => {
    area.current?.focus();
    area.current?.setSelectionRange(position, Math.min(position + 1, value.length));
  };

  const stale = settled.value !== value || check.state === 'checking';
  const answer = check.state === 'done' ? check.answer : undefined;
  const multiline = value.includes('\n');
  return (
    <div className="ed-expression">
      <label htmlFor={`${id}-text`}>{label}</label>
      <textarea
        id={`${id}-text`}
        ref={area}
        className="input ed-code"
        rows={3}
        spellCheck={false}
        autoComplete="off"
        value={value}
        aria-invalid={answer && !answer.valid ? true : undefined}
        aria-describedby={`${id}-status`}
        onChange={(e) => onChange(e.target.value)}
      />
      <div id={`${id}-status`} className="ed-status" role="status" aria-live="polite">
        {stale ? <span className="ed-muted">Checking…</span> : null}
        {!stale && check.state === 'failed' ? <span className="ed-error">{check.message}</span> : null}
        {!stale && answer?.valid ? <span className="ed-ok">The expression is valid.</span> : null}
        {!stale && answer && !answer.valid ? (
          <ul className="ed-problems">
            {answer.errors.map((p, i) => (
              <li key={i} className="ed-error">
                {describeProblem(p, multiline)}{' '}
                <button type="button" className="ed-link" onClick={() => goTo(p.position)}>
                  Go to the error
                </button>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      {!stale && answer && !answer.valid && answer.errors[0] ? <ErrorMarker text={value} position={answer.errors[0].position} /> : null}
      {app ? (
        <div className="ed-preview">
          <SamplePicker api={api} tenant={tenant} kind={kind} value={sample} onChange={setSample} label={`Preview on a ${kind === 'User' ? 'user' : 'group'} (id or ${kind === 'User' ? 'userName' : 'displayName'})`} />
          <output className="ed-preview-value" aria-live="polite" htmlFor={`${id}-text`}>
            {!settled.sample || stale ? null : check.state === 'done' && check.previewError ? (
              <span className="ed-error">No preview: {check.previewError}</span>
            ) : answer?.valid ? (
              <>
                <span className="ed-muted">Result: </span>
                <code>{showValue(answer)}</code>
              </>
            ) : null}
          </output>
        </div>
      ) : null}
      <ReferenceList api={api} kind={kind} onInsert={insert} />
    </div>
  );
}
