import { useEffect, useId, useState } from 'react';
import { Button, Modal, SelectField, TextField } from '../../ui/index.js';
import { consoleEditorApi } from './app-client.js';
import type { AttributeMapping, MappingSource } from './app-types.js';
import type { AttributeInfo, ObjectKind } from './editors/editor-api.js';
import { ExpressionEditor } from './editors/expression-editor.js';

/** Entra's names for the mapping types. */
export const MAPPING_TYPES = { direct: 'Direct', constant: 'Constant', expression: 'Expression' } as const;

/** A mapping's source as one line: the attribute, the quoted constant, or the expression. */
export function sourceText(s: MappingSource): string {
  return s.type === 'direct' ? s.attribute : s.type === 'constant' ? JSON.stringify(s.value) : s.expression;
}

/**
 * Edit one attribute mapping, as Entra's "Edit Attribute" blade: mapping type (Direct, Constant,
 * Expression), its source (the expression editor for expressions), default value, target attribute,
 * matching with its precedence, and when it applies.
 */
export function MappingDialog({ initial, kind, appId, tenant, onSave, onClose }: { initial: AttributeMapping; kind: ObjectKind; appId: string; tenant: string; onSave(m: AttributeMapping): void; onClose(): void }) {
  const id = useId();
  const [type, setType] = useState<MappingSource['type']>(initial.source.type);
  const [attribute, setAttribute] = useState(initial.source.type === 'direct' ? initial.source.attribute : '');
  const [constant, setConstant] = useState(initial.source.type === 'constant' ? initial.source.value : '');
  const [expression, setExpression] = useState(initial.source.type === 'expression' ? initial.source.expression : '');
  const [expressionValid, setExpressionValid] = useState(true);
  const [target, setTarget] = useState(initial.target);
  const [defaultValue, setDefaultValue] = useState(initial.defaultValue ?? '');
  const [matching, setMatching] = useState(initial.matching ? String(initial.matching) : '');
  const [apply, setApply] = useState(initial.apply ?? 'always');
  const [attributes, setAttributes] = useState<AttributeInfo[]>([]);
  useEffect(() => {
    consoleEditorApi.attributes(kind).then(setAttributes, () => setAttributes([]));
  }, [kind]);
  const source: MappingSource = type === 'direct' ? { type, attribute: attribute.trim() } : type === 'constant' ? { type, value: constant } : { type, expression };
  const ready = target.trim() !== '' && (type !== 'direct' || attribute.trim() !== '') && (type !== 'expression' || (expression.trim() !== '' && expressionValid));
  const save = () => {
    const precedence = Number.parseInt(matching, 10);
    onSave({ target: target.trim(), source, ...(apply === 'create' ? { apply } : {}), ...(precedence > 0 ? { matching: precedence } : {}), ...(defaultValue ? { defaultValue } : {}) });
  };
  return (
    <Modal
      open
      wide
      title={initial.target ? `Edit mapping: ${initial.target}` : 'Add a mapping'}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" onClick={save} disabled={!ready}>
            OK
          </Button>
        </>
      }
    >
      <div className="form">
        <SelectField label="Mapping type" value={type} onChange={(e) => setType(e.target.value as MappingSource['type'])}>
          {Object.entries(MAPPING_TYPES).map(([k, label]) => (
            <option key={k} value={k}>
              {label}
            </option>
          ))}
        </SelectField>
        {type === 'direct' ? (
          <>
            <TextField label="Source attribute" list={`${id}-attrs`} value={attribute} onChange={(e) => setAttribute(e.target.value)} hint="An attribute of the directory: Entra's name (mail, givenName…) or a SCIM path." autoComplete="off" />
            <datalist id={`${id}-attrs`}>
              {attributes.map((a) => (
                <option key={a.name} value={a.name} />
              ))}
            </datalist>
          </>
        ) : type === 'constant' ? (
          <TextField label="Constant value" value={constant} onChange={(e) => setConstant(e.target.value)} />
        ) : (
          <ExpressionEditor api={consoleEditorApi} value={expression} onChange={setExpression} kind={kind} app={appId} tenant={tenant} onValidity={setExpressionValid} />
        )}
        <TextField label="Default value if null (optional)" value={defaultValue} onChange={(e) => setDefaultValue(e.target.value)} hint="Sent on create when the source gives nothing." />
        <TextField label="Target attribute" value={target} onChange={(e) => setTarget(e.target.value)} hint='A SCIM path of the app, e.g. userName, name.givenName, emails[type eq "work"].value.' autoComplete="off" />
        <TextField label="Matching precedence (optional)" type="number" min={1} value={matching} onChange={(e) => setMatching(e.target.value)} hint="Match existing objects in the app using this attribute; 1 is tried first. Empty: not a matching attribute." />
        <SelectField label="Apply this mapping" value={apply} onChange={(e) => setApply(e.target.value as 'always' | 'create')}>
          <option value="always">Always</option>
          <option value="create">Only during object creation</option>
        </SelectField>
      </div>
    </Modal>
  );
}
