import { describe, expect, it } from 'vitest';
import { normalizeResource } from '../scim/resource/normalize-resource.js';
import type { ResourceKind } from '../scim/schema/types.js';
import { docForStorage, rowToStored, type StoredResource } from '../store/resource-row.js';
import { renderResource, renderResourceJson } from './render.js';

const BASE = 'https://scim.example.com/scim/v2/t1';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

// A resource as the store reads it from SQLite: the canonical document as stored text.
function read(kind: ResourceKind, body: Record<string, unknown>, groups?: { value: string; display?: string }[]): StoredResource {
  const doc = docForStorage(normalizeResource(kind, { schemas: [`urn:ietf:params:scim:schemas:core:2.0:${kind}`], ...body }));
  const row = { id: 'a1b2', type: kind, doc: JSON.stringify(doc), version: 3, created: '2026-01-01T00:00:00.000Z', last_modified: '2026-01-02T00:00:00.000Z', seq: 7 };
  return { ...rowToStored(row), ...(groups ? { groups } : {}) } as StoredResource;
}

// The spliced text must say exactly what the general path says.
function same(r: StoredResource, sel = {}) {
  const text = renderResourceJson(BASE, r, sel);
  expect(JSON.parse(text)).toEqual(renderResource(BASE, r, sel));
  return text;
}

describe('renderResourceJson', () => {
  const user = {
    userName: 'ada@example.com',
    externalId: 'e-1',
    name: { givenName: 'Ada', familyName: 'Lovelace' },
    emails: [{ value: 'ada@example.com', type: 'work', primary: true }],
    active: true,
    [ENTERPRISE]: { department: 'Engines' },
  };

  it('answers a user read whole exactly as the general rendering, with id and meta, from the stored text', () => {
    const r = rowToStored({ id: 'a1b2', type: 'User', doc: JSON.stringify(docForStorage(normalizeResource('User', { schemas: [], ...user }))), version: 3, created: 'c', last_modified: 'm', seq: 1 });
    const text = same(r);
    // Spliced, not re-rendered: the extension stays where the stored text has it, before meta (the general path puts it last).
    expect(text.indexOf(`"${ENTERPRISE}":{`)).toBeLessThan(text.indexOf('"meta"'));
    expect(JSON.stringify(renderResource(BASE, r)).indexOf(`"${ENTERPRISE}":{`)).toBeGreaterThan(text.indexOf('"meta"'));
  });

  it('adds groups with $ref and type, and leaves an empty groups list out as the general path does', () => {
    same(read('User', user, [{ value: 'g1', display: 'Engineering' }, { value: 'g2' }]));
    expect(same(read('User', user, []))).not.toContain('"groups"');
  });

  it('gives the general path what rendering changes: a password, a manager, a selection, a group with members', () => {
    expect(same(read('User', { ...user, password: 'secret-123' }))).not.toContain('password');
    expect(same(read('User', { ...user, [ENTERPRISE]: { manager: { value: 'boss' } } }))).toContain(`"$ref":"${BASE}/Users/boss"`);
    same(read('User', user), { attributes: [{ attr: 'userName' }] });
    same(read('User', user), { excludedAttributes: [{ attr: 'emails' }] });
    same({ ...read('Group', { displayName: 'Engineering' }), members: [{ value: 'a1', type: 'User', display: 'Ada' }] });
  });

  it('answers a group, and a resource whose text is not at hand (a write result), the same way', () => {
    same(read('Group', { displayName: 'Null & void [] {}' }));
    const copy = { ...read('User', user) };
    copy.doc = { ...copy.doc };
    expect(JSON.parse(renderResourceJson(BASE, copy))).toEqual(renderResource(BASE, copy));
  });
});

describe('a read resource whose document is replaced', () => {
  it('renders the new document, not the text it was read with', () => {
    const r = rowToStored({ id: 'a1', type: 'Group', doc: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Old' }), version: 1, created: 'c', last_modified: 'm', seq: 1 });
    expect({ ...r }.doc.displayName).toBe('Old');
    r.doc = { ...r.doc, displayName: 'New' };
    expect(JSON.parse(renderResourceJson(BASE, r)).displayName).toBe('New');
  });
});
