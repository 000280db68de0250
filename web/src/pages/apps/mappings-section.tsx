import { useState } from 'react';
import { Button, CheckboxField, DataTable, ErrorNotice } from '../../ui/index.js';
import { appApi, consoleEditorApi } from './app-client.js';
import type { App, AppMappings, AttributeMapping, ObjectMapping } from './app-types.js';
import { ScopingEditor } from './editors/scoping-editor.js';
import { MAPPING_TYPES, MappingDialog, sourceText } from './mapping-dialog.js';

type Which = 'users' | 'groups';
const KIND = { users: 'User', groups: 'Group' } as const;

/** One object type's attribute mappings (Entra's "Attribute Mapping" table) and its scoping filters. */
function ObjectMappings({ which, value, onChange, app, onScopingValidity }: { which: Which; value: ObjectMapping; onChange(m: ObjectMapping): void; app: App; onScopingValidity(v: boolean): void }) {
  const [editing, setEditing] = useState<{ index: number; mapping: AttributeMapping }>();
  const rows = value.mappings.map((m, index) => ({ m, index }));
  const noun = which === 'users' ? 'users' : 'groups';
  return (
    <section className="mapping-block" aria-labelledby={`map-${which}`}>
      <h3 id={`map-${which}`}>Provision {noun}</h3>
      {which === 'groups' ? <CheckboxField label="Provision groups and their members" checked={value.enabled} onChange={(e) => onChange({ ...value, enabled: e.target.checked })} /> : null}
      <DataTable
        caption={`Attribute mappings for ${noun}`}
        rows={rows}
        rowKey={(r) => `${r.index}`}
        empty="No mappings."
        columns={[
          { header: 'Target attribute', cell: (r) => <code>{r.m.target}</code> },
          { header: 'Source', cell: (r) => <code className="source-cell">{sourceText(r.m.source)}</code> },
          { header: 'Type', cell: (r) => MAPPING_TYPES[r.m.source.type] },
          { header: 'Matching precedence', cell: (r) => r.m.matching ?? '' },
          { header: 'Apply', cell: (r) => (r.m.apply === 'create' ? 'Only during creation' : 'Always') },
          {
            header: <span className="visually-hidden">Actions</span>,
            className: 'cell-actions',
            cell: (r) => (
              <>
                <Button className="btn-small" onClick={() => setEditing({ index: r.index, mapping: r.m })} aria-label={`Edit ${r.m.target}`}>
                  Edit
                </Button>
                <Button variant="ghost" className="btn-small" onClick={() => onChange({ ...value, mappings: value.mappings.filter((_, i) => i !== r.index) })} aria-label={`Delete ${r.m.target}`}>
                  Delete
                </Button>
              </>
            ),
          },
        ]}
      />
      <div>
        <Button className="btn-small" onClick={() => setEditing({ index: -1, mapping: { target: '', source: { type: 'direct', attribute: '' } } })}>
          Add new mapping
        </Button>
      </div>
      <details className="scoping-details" open={value.scoping.length > 0}>
        <summary>
          Scoping filters for {noun} ({value.scoping.length})
        </summary>
        <ScopingEditor api={consoleEditorApi} kind={KIND[which]} value={value.scoping} onChange={(scoping) => onChange({ ...value, scoping })} onValidity={onScopingValidity} />
      </details>
      {editing ? (
        <MappingDialog
          initial={editing.mapping}
          kind={KIND[which]}
          appId={app.id}
          tenant={app.tenantId}
          onClose={() => setEditing(undefined)}
          onSave={(m) => {
            onChange({ ...value, mappings: editing.index < 0 ? [...value.mappings, m] : value.mappings.map((x, i) => (i === editing.index ? m : x)) });
            setEditing(undefined);
          }}
        />
      ) : null}
    </section>
  );
}

/** The Mappings section: users and groups, each with matching precedence and scoping filters; saved together. */
export function MappingsSection({ app, onSaved }: { app: App; onSaved(): void }) {
  const [m, setM] = useState<AppMappings>(app.mappings!);
  const [dirty, setDirty] = useState(false);
  const [valid, setValid] = useState({ users: true, groups: true });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [note, setNote] = useState<string>();
  const change = (which: Which, om: ObjectMapping) => {
    setM({ ...m, [which]: om });
    setDirty(true);
    setNote(undefined);
  };
  const run = async (what: () => Promise<App>, done: string) => {
    setBusy(true);
    setError(undefined);
    try {
      const app = await what();
      setM(app.mappings!);
      setDirty(false);
      setNote(done);
      onSaved();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby="mappings">
      <h2 id="mappings">Mappings</h2>
      <p className="muted">Matching attributes find an object already in the app before one is created; the lowest precedence is tried first. Saving starts a full re-evaluation at the next cycle.</p>
      <ObjectMappings which="users" value={m.users} onChange={(v) => change('users', v)} app={app} onScopingValidity={(v) => setValid((x) => ({ ...x, users: v }))} />
      <ObjectMappings which="groups" value={m.groups} onChange={(v) => change('groups', v)} app={app} onScopingValidity={(v) => setValid((x) => ({ ...x, groups: v }))} />
      <ErrorNotice error={error} title="The mappings were not saved" />
      <div className="form-actions form-actions-start">
        <Button variant="primary" busy={busy} disabled={!dirty || !valid.users || !valid.groups} onClick={() => run(() => appApi.setMappings(app.id, m), 'Mappings saved.')}>
          Save mappings
        </Button>
        <Button busy={busy} onClick={() => run(() => appApi.restoreMappings(app.id), 'Default mappings restored.')}>
          Restore default mappings
        </Button>
        {note ? (
          <span role="status" className="saved-note">
            {note}
          </span>
        ) : null}
      </div>
    </section>
  );
}
