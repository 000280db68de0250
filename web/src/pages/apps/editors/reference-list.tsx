import { useEffect, useId, useState } from 'react';
import type { AttributeInfo, EditorApi, FunctionInfo, ObjectKind } from './editor-api.js';

/** How a function is written, with its parameters: `Join(separator, source1, …)`. */
export function signature(f: FunctionInfo): string {
  const params = f.parameters.map((p) => `${p.required ? '' : '['}${p.name}${p.repeats ? ', …' : ''}${p.required ? '' : ']'}`);
  return `${f.name}(${params.join(', ')})`;
}

/**
 * The functions and source attributes an expression may use, each with a button that inserts it at the
 * cursor; a filter box narrows both lists. Closed by default, so it costs no room until wanted.
 */
export function ReferenceList({ api, kind, onInsert }: { api: EditorApi; kind: ObjectKind; onInsert(text: string): void }) {
  const id = useId();
  const [functions, setFunctions] = useState<FunctionInfo[]>([]);
  const [attributes, setAttributes] = useState<AttributeInfo[]>([]);
  const [problem, setProblem] = useState<string>();
  const [filter, setFilter] = useState('');
  useEffect(() => {
    let live = true;
    Promise.all([api.functions(), api.attributes(kind)]).then(
      ([f, a]) => live && (setFunctions(f), setAttributes(a)),
      (err: Error) => live && setProblem(`The function and attribute lists could not be loaded: ${err.message}`),
    );
    return () => {
      live = false;
    };
  }, [api, kind]);
  const f = filter.trim().toLowerCase();
  const fns = functions.filter((x) => !f || x.name.toLowerCase().includes(f) || x.description.toLowerCase().includes(f));
  const attrs = attributes.filter((x) => !f || x.name.toLowerCase().includes(f));
  return (
    <details className="ed-reference">
      <summary>Functions and attributes</summary>
      {problem ? <p className="ed-error">{problem}</p> : null}
      <label htmlFor={`${id}-filter`}>Find a function or attribute</label>
      <input id={`${id}-filter`} className="input" type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
      <div className="ed-reference-columns">
        <section aria-label="Functions">
          <h4>Functions ({fns.length})</h4>
          <ul>
            {fns.map((x) => (
              <li key={x.name}>
                <button type="button" className="ed-insert" onClick={() => onInsert(`${x.name}(`)} aria-label={`Insert ${x.name}`}>
                  <code>{signature(x)}</code>
                </button>
                <span className="ed-muted"> {x.description}</span>
              </li>
            ))}
          </ul>
        </section>
        <section aria-label="Attributes">
          <h4>Attributes ({attrs.length})</h4>
          <ul>
            {attrs.map((x) => (
              <li key={x.name}>
                <button type="button" className="ed-insert" onClick={() => onInsert(`[${x.name}]`)} aria-label={`Insert attribute ${x.name}`}>
                  <code>[{x.name}]</code>
                </button>
                {x.description ? <span className="ed-muted"> {x.description}</span> : null}
              </li>
            ))}
          </ul>
        </section>
      </div>
    </details>
  );
}
