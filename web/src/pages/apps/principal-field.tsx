import { useEffect, useId, useState } from 'react';
import { Field } from '../../ui/index.js';
import { consoleEditorApi } from './app-client.js';
import type { SamplePrincipal } from './editors/editor-api.js';
import { useDebounced } from './editors/use-debounced.js';

/** A user or group of the app's directory, typed by name (userName or displayName) with suggestions. */
export function PrincipalField({ tenant, kind, value, onChange, label }: { tenant: string; kind: 'User' | 'Group'; value: string; onChange(v: string): void; label: string }) {
  const list = useId();
  const [found, setFound] = useState<SamplePrincipal[]>([]);
  const text = useDebounced(value, 250);
  useEffect(() => {
    let live = true;
    consoleEditorApi.searchPrincipals(tenant, kind, text).then(
      (r) => live && setFound(r),
      () => live && setFound([]),
    );
    return () => {
      live = false;
    };
  }, [tenant, kind, text]);
  return (
    <Field label={label} className="grow">
      {(c) => (
        <>
          <input className="input" type="text" list={list} autoComplete="off" value={value} onChange={(e) => onChange(e.target.value)} {...c} />
          <datalist id={list}>
            {found.map((p) => (
              <option key={p.id} value={p.name} />
            ))}
          </datalist>
        </>
      )}
    </Field>
  );
}
