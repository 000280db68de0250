import './editors.css';
import { useEffect, useId, useRef, useState } from 'react';
import type { AttributeInfo, EditorApi, ObjectKind, OperatorInfo, ScopingClause, ScopingFilter, ScopingProblem } from './editor-api.js';
import { Button } from '../../../ui/index.js';
import { useDebounced } from './use-debounced.js';

/** What the scoping-filter editor needs: the filters and their setter, and the object kind. */
export interface ScopingEditorProps {
  api: EditorApi;
  value: ScopingFilter[];
  onChange(filters: ScopingFilter[]): void;
  kind?: ObjectKind;
  /** Told whether the filters are valid after each check, so a form can refuse to save broken ones. */
  onValidity?(valid: boolean): void;
  debounceMs?: number;
}

const EMPTY_CLAUSE: ScopingClause = { attribute: '', operator: 'EQUALS', value: '' };

/** The problems of one field, keyed the way the API locates them. */
function problemKey(filter: number, clause: number, field: ScopingProblem['field']): string {
  return `${filter}:${clause}:${field}`;
}

/** Whether an operator takes no value (IS TRUE, IS NULL…): its value box is not shown and nothing is saved. */
function isUnary(operators: OperatorInfo[], name: string): boolean {
  const k = name.trim().toUpperCase().replace(/[\s_]+/g, '_');
  return operators.find((o) => o.name.toUpperCase().replace(/[\s_]+/g, '_') === k)?.arity === 'unary';
}

/**
 * Entra's scoping filters: an object is in scope when any filter holds (OR), and a filter holds when all
 * its clauses hold (AND). Each clause is an attribute, one of Entra's operators and, for binary ones, a
 * value. Checked by the API as you edit; each problem shows beside the field at fault.
 */
export function ScopingEditor({ api, value, onChange, kind = 'User', onValidity, debounceMs = 300 }: ScopingEditorProps) {
  const id = useId();
  const [operators, setOperators] = useState<OperatorInfo[]>([]);
  const [attributes, setAttributes] = useState<AttributeInfo[]>([]);
  const [problems, setProblems] = useState<ScopingProblem[]>();
  const [failure, setFailure] = useState<string>();
  const settled = useDebounced(JSON.stringify(value), debounceMs);
  const seq = useRef(0);
  const validity = useRef(onValidity);
  validity.current = onValidity;

  useEffect(() => {
    let live = true;
    Promise.all([api.operators(), api.attributes(kind)]).then(
      ([o, a]) => live && (setOperators(o), setAttributes(a)),
      (err: Error) => live && setFailure(`The operator and attribute lists could not be loaded: ${err.message}`),
    );
    return () => {
      live = false;
    };
  }, [api, kind]);

  useEffect(() => {
    const mine = ++seq.current;
    api.validateScoping(kind, JSON.parse(settled) as ScopingFilter[]).then(
      (p) => {
        if (mine !== seq.current) return;
        setProblems(p);
        setFailure(undefined);
        validity.current?.(p.length === 0);
      },
      (err: Error) => mine === seq.current && setFailure(`The filters could not be checked: ${err.message}`),
    );
  }, [api, kind, settled]);

  const checking = settled !== JSON.stringify(value);
  const byField = new Map<string, ScopingProblem[]>();
  for (const p of checking ? [] : (problems ?? [])) {
    const k = problemKey(p.filter, p.clause, p.field);
    byField.set(k, [...(byField.get(k) ?? []), p]);
  }
  const setFilter = (i: number, f: ScopingFilter) => onChange(value.map((x, j) => (j === i ? f : x)));
  const setClause = (i: number, c: number, patch: Partial<ScopingClause>) => {
    const f = value[i]!;
    const next = { ...f.clauses[c]!, ...patch };
    if (isUnary(operators, next.operator)) delete next.value;
    else if (next.value === undefined) next.value = '';
    setFilter(i, { ...f, clauses: f.clauses.map((x, k) => (k === c ? next : x)) });
  };
  const field = (i: number, c: number, f: ScopingProblem['field']) => {
    const list = byField.get(problemKey(i, c, f));
    const msgId = `${id}-p-${i}-${c}-${f}`;
    return {
      invalid: list ? true : undefined,
      describedBy: list ? msgId : undefined,
      message: list ? (
        <span id={msgId} className="ed-error ed-field-problem">
          {list.map((p) => p.message.replace(/^Scoping filter \d+( \(".*?"\))?, clause \d+: /, '')).join(' ')}
        </span>
      ) : null,
    };
  };

  return (
    <div className="ed-scoping">
      <p className="ed-muted">
        An object is in scope when <strong>any</strong> filter holds; a filter holds when <strong>all</strong> its clauses hold. Without filters, every assigned object is in scope.
      </p>
      <datalist id={`${id}-attributes`}>
        {attributes.map((a) => (
          <option key={a.name} value={a.name} />
        ))}
      </datalist>
      {value.map((filter, i) => (
        <fieldset key={i} className="ed-filter">
          <legend>
            Scoping filter {i + 1}
            {filter.title ? `: ${filter.title}` : ''}
          </legend>
          {i > 0 ? <p className="ed-join" aria-hidden="true">OR</p> : null}
          <label htmlFor={`${id}-title-${i}`}>Title (optional)</label>
          <input id={`${id}-title-${i}`} className="input" type="text" value={filter.title ?? ''} onChange={(e) => setFilter(i, { ...filter, title: e.target.value || undefined })} />
          <table className="ed-clauses">
            <caption className="visually-hidden">Clauses of scoping filter {i + 1} (all must hold)</caption>
            <thead>
              <tr>
                <th scope="col">Attribute</th>
                <th scope="col">Operator</th>
                <th scope="col">Value</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {filter.clauses.map((clause, c) => {
                const a = field(i, c, 'attribute');
                const o = field(i, c, 'operator');
                const v = field(i, c, 'value');
                const unary = isUnary(operators, clause.operator);
                const where = `filter ${i + 1}, clause ${c + 1}`;
                return (
                  <tr key={c}>
                    <td>
                      {c > 0 ? <span className="ed-join" aria-hidden="true">AND </span> : null}
                      <input className="input" type="text" aria-label={`Attribute, ${where}`} list={`${id}-attributes`} value={clause.attribute} autoComplete="off" aria-invalid={a.invalid} aria-describedby={a.describedBy} onChange={(e) => setClause(i, c, { attribute: e.target.value })} />
                      {a.message}
                    </td>
                    <td>
                      <select className="input" aria-label={`Operator, ${where}`} value={clause.operator} aria-invalid={o.invalid} aria-describedby={o.describedBy} onChange={(e) => setClause(i, c, { operator: e.target.value })}>
                        {operators.some((x) => x.name === clause.operator) || !clause.operator ? null : <option value={clause.operator}>{clause.operator}</option>}
                        {operators.map((x) => (
                          <option key={x.name} value={x.name} title={x.description}>
                            {x.name}
                          </option>
                        ))}
                      </select>
                      {o.message}
                    </td>
                    <td>
                      {unary ? (
                        <span className="ed-muted">no value</span>
                      ) : (
                        <input className="input" type="text" aria-label={`Value, ${where}`} value={clause.value ?? ''} aria-invalid={v.invalid} aria-describedby={v.describedBy} onChange={(e) => setClause(i, c, { value: e.target.value })} />
                      )}
                      {v.message}
                    </td>
                    <td>
                      <Button variant="ghost" className="btn-small" onClick={() => setFilter(i, { ...filter, clauses: filter.clauses.filter((_, k) => k !== c) })} aria-label={`Remove clause ${c + 1} of filter ${i + 1}`}>
                        Remove
                      </Button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {filter.clauses.length === 0 ? field(i, 0, 'attribute').message : null}
          <div className="ed-actions">
            <Button className="btn-small" onClick={() => setFilter(i, { ...filter, clauses: [...filter.clauses, { ...EMPTY_CLAUSE }] })}>
              Add clause (AND)
            </Button>
            <Button variant="ghost" className="btn-small" onClick={() => onChange(value.filter((_, j) => j !== i))}>
              Remove filter {i + 1}
            </Button>
          </div>
        </fieldset>
      ))}
      <div>
        <Button onClick={() => onChange([...value, { clauses: [{ ...EMPTY_CLAUSE }] }])}>{value.length ? 'Add scoping filter (OR)' : 'Add scoping filter'}</Button>
      </div>
      <div role="status" aria-live="polite" className="ed-status">
        {failure ? <span className="ed-error">{failure}</span> : checking || !problems ? <span className="ed-muted">Checking…</span> : problems.length ? <span className="ed-error">{problems.length === 1 ? '1 problem' : `${problems.length} problems`} to fix before saving.</span> : <span className="ed-ok">{value.length ? 'The filters are valid.' : 'No scoping filters: every assigned object is in scope.'}</span>}
      </div>
    </div>
  );
}
