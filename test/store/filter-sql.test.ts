import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchesFilter } from '../../src/scim/filter/evaluate-filter.js';
import { parseFilter } from '../../src/scim/filter/parse-filter.js';
import type { ScimResource } from '../../src/scim/schema/types.js';
import type { Store } from '../../src/data/store.js';
import { DIALECTS } from '../support/databases.js';
import { openTestStore } from '../support/open-test-store.js';
import { ENTERPRISE } from '../support/scim-bodies.js';
import { userDoc } from '../support/users.js';

// A small directory with the shapes filters meet: missing attributes, several e-mails, extension data, booleans.
const PEOPLE: [string, Record<string, unknown>][] = [
  ['Alice@Example.com', { externalId: 'EXT-1', displayName: 'Alice Smith', active: true, title: 'Engineer', name: { givenName: 'Alice', familyName: 'Smith' }, emails: [{ value: 'alice@example.com', type: 'work', primary: true }, { value: 'alice@home.org', type: 'home' }], [ENTERPRISE]: { department: 'R&D', employeeNumber: '701' } }],
  ['bob', { externalId: 'ext-1', displayName: 'Bob Jones', active: false, title: 'engineer', name: { givenName: 'Bob' }, emails: [{ value: 'bob@example.com', type: 'home' }], phoneNumbers: [{ value: '555-0100', type: 'work' }], [ENTERPRISE]: { department: 'Sales' } }],
  ['carol', { displayName: 'Carol', active: true, emails: [{ value: 'carol@EXAMPLE.com', type: 'work' }], nickName: 'Caz' }],
  ['dave%_x', { externalId: 'EXT-3', title: 'Manager', name: { givenName: 'Dave', familyName: "O'Brien" } }],
  ['erin', { displayName: 'erin', active: true, emails: [{ value: 'erin@example.net', type: 'other' }], [ENTERPRISE]: { employeeNumber: '42', manager: { value: 'boss-id' } } }],
];

const FILTERS = [
  'userName eq "alice@example.com"',
  'USERNAME eq "BOB"',
  'userName ne "bob"',
  'userName co "a"',
  'userName sw "Al"',
  'userName ew "X"',
  'userName co "%"',
  'userName co "_"',
  'userName gt "c"',
  'userName le "carol"',
  'externalId eq "EXT-1"',
  'externalId eq "ext-1"',
  'externalId pr',
  'not (externalId pr)',
  'displayName eq "carol"',
  'displayName sw "a"',
  'active eq true',
  'active eq false',
  'active ne true',
  'active eq "True"',
  'active pr',
  'title eq "engineer"',
  'title co "GIN"',
  'title ne "engineer"',
  'name.givenName eq "alice"',
  'name.familyName pr',
  'name.familyName co "\'"',
  'emails eq "carol@example.com"',
  'emails.value co "example"',
  'emails.value ew ".org"',
  'emails pr',
  'emails[type eq "work"]',
  'emails[type eq "work" and value co "alice"]',
  'emails[type eq "home" or type eq "other"]',
  'emails[not (type eq "work")]',
  'emails.type eq "home"',
  'phoneNumbers[type eq "work" and value sw "555"]',
  'phoneNumbers pr',
  'nickName pr',
  `${ENTERPRISE}:department eq "r&d"`,
  `${ENTERPRISE}:employeeNumber eq "42"`,
  `${ENTERPRISE}:employeeNumber gt "5"`,
  `${ENTERPRISE}:manager.value eq "boss-id"`,
  `${ENTERPRISE}:manager eq "boss-id"`,
  'urn:ietf:params:scim:schemas:core:2.0:User:userName eq "carol"',
  'meta.resourceType eq "User"',
  'noSuchAttribute eq "x"',
  'not (noSuchAttribute eq "x")',
  'userName eq "carol" or (active eq false and title pr)',
  'not (userName eq "carol" or active eq true)',
  '(emails[type eq "work"] and title pr) or nickName eq "caz"',
  'userName eq null',
  'title eq null',
  'title ne null',
  'externalId eq 701',
  'userName eq "x\\" OR 1=1 --"',
];

for (const dialect of DIALECTS) {
  describe(`${dialect}: filters compiled to SQL agree with the in-memory evaluator`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    let tenant: string;
    const byId = new Map<string, ScimResource>();
    beforeAll(async () => {
      ({ store, dispose } = await openTestStore(dialect));
      tenant = (await store.tenants.create('filters')).id;
      for (const [userName, extra] of PEOPLE) {
        const r = await store.resources.create(tenant, 'User', userDoc(userName, extra));
        byId.set(r.id, { ...r.doc, id: r.id, meta: { resourceType: 'User', created: r.created, lastModified: r.lastModified } });
      }
      // A user in another tenant must never appear.
      const other = (await store.tenants.create('elsewhere')).id;
      await store.resources.create(other, 'User', userDoc('alice@example.com', { active: true }));
    });
    afterAll(async () => dispose());

    for (const text of FILTERS) {
      it(text, async () => {
        const filter = parseFilter(text);
        const expected = [...byId.entries()].filter(([, doc]) => matchesFilter('User', doc, filter)).map(([id]) => id).sort();
        const page = await store.resources.list(tenant, 'User', { filter, count: 100 });
        expect(page.resources.map((r) => r.id).sort()).toEqual(expected);
        expect(page.totalResults).toBe(expected.length);
      });
    }

    it('the expectations are not vacuous: most filters select some but not all users', () => {
      const sizes = FILTERS.map((t) => [...byId.values()].filter((d) => matchesFilter('User', d, parseFilter(t))).length);
      expect(sizes.filter((n) => n > 0 && n < PEOPLE.length).length).toBeGreaterThan(FILTERS.length / 2);
    });

    it('finds users by meta.lastModified against a dateTime in any offset', async () => {
      const all = await store.resources.list(tenant, 'User', { count: 100 });
      const first = all.resources[0]!.lastModified;
      const shifted = new Date(Date.parse(first) - 1).toISOString().replace('Z', '+00:00');
      const page = await store.resources.list(tenant, 'User', { filter: parseFilter(`meta.lastModified gt "${shifted}"`), count: 100 });
      expect(page.totalResults).toBe(PEOPLE.length);
    });
  });
}
