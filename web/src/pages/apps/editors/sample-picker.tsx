import { useEffect, useId, useState } from 'react';
import type { EditorApi, ObjectKind, SamplePrincipal } from './editor-api.js';
import { useDebounced } from './use-debounced.js';

/**
 * A text box for a user or group of the directory (id or name), suggesting matches as one types. Any
 * text is accepted: the API finds the object by id or by userName / displayName.
 */
export function SamplePicker({ api, tenant, kind, value, onChange, label }: { api: EditorApi; tenant?: string; kind: ObjectKind; value: string; onChange(v: string): void; label: string }) {
  const id = useId();
  const [found, setFound] = useState<SamplePrincipal[]>([]);
  const text = useDebounced(value, 250);
  useEffect(() => {
    if (!tenant) return;
    let live = true;
    api.searchPrincipals(tenant, kind, text).then(
      (r) => live && setFound(r),
      () => live && setFound([]),
    );
    return () => {
      live = false;
    };
  }, [api, tenant, kind, text]);
  return (
    <div className="ed-sample">
      <label htmlFor={`${id}-sample`}>{label}</label>
      <input id={`${id}-sample`} className="input" type="text" list={tenant ? `${id}-found` : undefined} value={value} autoComplete="off" onChange={(e) => onChange(e.target.value)} />
      {tenant ? (
        <datalist id={`${id}-found`}>
          {found.map((p) => (
            <option key={p.id} value={p.name} />
          ))}
        </datalist>
      ) : null}
    </div>
  );
}
