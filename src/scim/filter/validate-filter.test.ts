import { afterEach, describe, expect, it } from 'vitest';
import { expectError } from '../../../test/support/scim-error-of.js';
import { attr } from '../schema/attribute.js';
import { enterpriseUserSchema } from '../schema/enterprise-user-schema.js';
import { schemas } from '../schema/registry.js';
import { parseAttrPath, parseFilter } from './parse-filter.js';
import { isUnreadable, validateFilter, validateSortBy } from './validate-filter.js';

// The rule behind item 5 of issue 11 is schema-driven: any attribute that is never returned, in the core
// schemas or an extension, cannot be filtered or sorted on.

describe('attributes that are never returned cannot be queried', () => {
  const added = enterpriseUserSchema.attributes;
  afterEach(() => {
    enterpriseUserSchema.attributes = added;
  });

  it('every writeOnly or returned:never attribute of every schema is refused in filters and sortBy', () => {
    let checked = 0;
    for (const s of schemas.values()) {
      const kind = s.id.endsWith(':Group') ? 'Group' : 'User';
      for (const a of s.attributes) {
        const paths = [a.name, ...(a.subAttributes ?? []).filter((sub) => isUnreadable(sub) || isUnreadable(a)).map((sub) => `${a.name}.${sub.name}`)];
        for (const p of isUnreadable(a) ? paths : paths.slice(1)) {
          const full = `${s.id}:${p}`;
          expectError(() => validateFilter(kind, parseFilter(`${full} pr`)), 'invalidFilter', /never returned/);
          expectError(() => validateSortBy(kind, parseAttrPath(full)), 'invalidFilter', /never returned/);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(1); // password, at least
  });

  it('covers extension schemas: a writeOnly extension attribute is refused the same way', () => {
    enterpriseUserSchema.attributes = [...added, attr('badgePin', 'string', { mutability: 'writeOnly', returned: 'never' })];
    const urn = enterpriseUserSchema.id;
    expectError(() => validateFilter('User', parseFilter(`${urn}:badgePin sw "1"`)), 'invalidFilter', /badgePin/);
    expectError(() => validateFilter('User', parseFilter(`${urn}:badgePin pr or userName eq "x"`)), 'invalidFilter', /badgePin/);
    expectError(() => validateSortBy('User', parseAttrPath(`${urn}:badgePin`)), 'invalidFilter', /badgePin/);
    expect(() => validateFilter('User', parseFilter(`${urn}:department eq "x"`))).not.toThrow();
    expect(schemas.get(urn)).toBe(enterpriseUserSchema);
  });

  it('a writeOnly sub-attribute inside a value filter is refused', () => {
    const emails = schemas.get('urn:ietf:params:scim:schemas:core:2.0:User')!.attributes.find((a) => a.name === 'emails')!;
    const subs = emails.subAttributes!;
    try {
      emails.subAttributes = [...subs, attr('secret', 'string', { returned: 'never' })];
      expectError(() => validateFilter('User', parseFilter('emails[secret sw "a"]')), 'invalidFilter', /emails\.secret/);
      expectError(() => validateFilter('User', parseFilter('emails[secret pr]')), 'invalidFilter', /emails\.secret/);
    } finally {
      emails.subAttributes = subs;
    }
  });
});
