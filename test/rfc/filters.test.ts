import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { ENTERPRISE, GROUP, PATCH_OP, USER } from '../support/scim-bodies.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

// RFC 7644 §3.4.2.2 filtering over HTTP, on GET /Users?filter= with the filter URL-encoded as clients send it.

const USERS = [
  {
    userName: 'alice@example.com',
    externalId: 'ExtA',
    displayName: 'Alice Smith',
    title: 'Engineer',
    active: true,
    name: { givenName: 'Alice', familyName: 'Smith' },
    emails: [
      { value: 'alice@example.com', type: 'work', primary: true },
      { value: 'alice@home.org', type: 'home' },
    ],
    [ENTERPRISE]: { employeeNumber: '1001', department: 'R&D' },
  },
  {
    userName: 'bob@example.com',
    externalId: 'extb',
    displayName: 'Bob Jones',
    active: false,
    name: { givenName: 'Bob', familyName: 'Jones' },
    emails: [
      { value: 'bob@example.com', type: 'home' },
      { value: 'bob@corp.net', type: 'work' },
    ],
    [ENTERPRISE]: { employeeNumber: '1002', department: 'Sales' },
  },
  {
    userName: 'Carol.Jones@Other.org',
    displayName: 'Carol Jones',
    title: 'Manager',
    active: true,
    name: { givenName: 'Carol', familyName: 'Jones' },
    emails: [{ value: 'carol@example.com', type: 'work' }],
    [ENTERPRISE]: { department: 'R&D' },
  },
  { userName: 'dave', nickName: 'D', active: true },
];

for (const dialect of DIALECTS) {
  describe(`${dialect}: RFC 7644 §3.4.2.2 filters over HTTP`, () => {
    let s: TestServer;
    const ids: Record<string, string> = {};
    let beforeBobChange = '';

    /** The userNames a filter selects, sorted; asserts a 200 ListResponse with a consistent totalResults. */
    async function names(filter: string): Promise<string[]> {
      const r = await s.scim('GET', `/Users?filter=${encodeURIComponent(filter)}`);
      expect(r.status, `${filter} → ${r.text}`).toBe(200);
      expect(r.body.totalResults).toBe(r.body.Resources.length);
      return r.body.Resources.map((u: { userName: string }) => u.userName).sort();
    }

    async function invalid(filter: string, path = '/Users'): Promise<void> {
      const r = await s.scim('GET', `${path}?filter=${encodeURIComponent(filter)}`);
      expect(r.status, filter).toBe(400);
      expect(r.headers.get('content-type')).toMatch(/^application\/scim\+json/);
      expect(r.body).toMatchObject({ status: '400', scimType: 'invalidFilter' });
    }

    beforeAll(async () => {
      s = await startTestServer(dialect);
      for (const u of USERS) {
        const schemas = ENTERPRISE in u ? [USER, ENTERPRISE] : [USER];
        const r = await s.scim('POST', '/Users', { schemas, ...u });
        expect(r.status, r.text).toBe(201);
        ids[u.userName] = r.body.id;
      }
      await new Promise((res) => setTimeout(res, 20));
      beforeBobChange = new Date().toISOString();
      await new Promise((res) => setTimeout(res, 20));
      const p = await s.scim('PATCH', `/Users/${ids['bob@example.com']}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'nickName', value: 'Bobby' }] });
      expect(p.status).toBe(200);
    });
    afterAll(async () => s.close());

    it('eq and ne', async () => {
      expect(await names('userName eq "alice@example.com"')).toEqual(['alice@example.com']);
      expect(await names('userName ne "alice@example.com"')).toEqual(['Carol.Jones@Other.org', 'bob@example.com', 'dave']);
      expect(await names('displayName eq "Bob Jones"')).toEqual(['bob@example.com']);
    });

    it('co, sw, ew (case-insensitive for caseExact:false attributes)', async () => {
      expect(await names('userName co "EXAMPLE"')).toEqual(['alice@example.com', 'bob@example.com']);
      expect(await names('userName sw "carol"')).toEqual(['Carol.Jones@Other.org']);
      expect(await names('userName ew ".ORG"')).toEqual(['Carol.Jones@Other.org']);
      expect(await names('name.familyName co "on"')).toEqual(['Carol.Jones@Other.org', 'bob@example.com']);
    });

    it('gt, ge, lt, le on strings', async () => {
      expect(await names('userName gt "bob@example.com"')).toEqual(['Carol.Jones@Other.org', 'dave']);
      expect(await names('userName ge "bob@example.com"')).toEqual(['Carol.Jones@Other.org', 'bob@example.com', 'dave']);
      expect(await names('userName lt "bob@example.com"')).toEqual(['alice@example.com']);
      expect(await names('userName le "BOB@example.com"')).toEqual(['alice@example.com', 'bob@example.com']);
    });

    it('pr, on simple, complex and multi-valued attributes', async () => {
      expect(await names('title pr')).toEqual(['Carol.Jones@Other.org', 'alice@example.com']);
      expect(await names('externalId pr')).toEqual(['alice@example.com', 'bob@example.com']);
      expect(await names('emails pr')).toEqual(['Carol.Jones@Other.org', 'alice@example.com', 'bob@example.com']);
      expect(await names('name.givenName pr')).toEqual(['Carol.Jones@Other.org', 'alice@example.com', 'bob@example.com']);
      expect(await names('nickName pr')).toEqual(['bob@example.com', 'dave']);
    });

    it('booleans: active eq true / false', async () => {
      expect(await names('active eq false')).toEqual(['bob@example.com']);
      expect(await names('active eq true')).toEqual(['Carol.Jones@Other.org', 'alice@example.com', 'dave']);
    });

    it('and, or, not', async () => {
      expect(await names('title pr and active eq true')).toEqual(['Carol.Jones@Other.org', 'alice@example.com']);
      expect(await names('userName sw "a" or userName sw "b"')).toEqual(['alice@example.com', 'bob@example.com']);
      expect(await names('not (userName sw "a")')).toEqual(['Carol.Jones@Other.org', 'bob@example.com', 'dave']);
      expect(await names('not (title pr)')).toEqual(['bob@example.com', 'dave']);
    });

    it('precedence and grouping: and binds tighter than or; parentheses override', async () => {
      expect(await names('userName sw "a" or userName sw "b" and active eq true')).toEqual(['alice@example.com']);
      expect(await names('(userName sw "a" or userName sw "b") and active eq false')).toEqual(['bob@example.com']);
      expect(await names('(userName sw "a" or userName sw "c") and not (title eq "manager")')).toEqual(['alice@example.com']);
    });

    it('value path: emails[type eq "work" and value co "@example.com"] matches within one element', async () => {
      // bob has a work e-mail and an @example.com e-mail, but not both in one element.
      expect(await names('emails[type eq "work" and value co "@example.com"]')).toEqual(['Carol.Jones@Other.org', 'alice@example.com']);
      expect(await names('emails[type eq "home"]')).toEqual(['alice@example.com', 'bob@example.com']);
      expect(await names('emails.value ew "@corp.net"')).toEqual(['bob@example.com']);
      expect(await names('emails co "home.org"')).toEqual(['alice@example.com']);
    });

    it('URN-qualified attribute names (enterprise employeeNumber, department)', async () => {
      expect(await names(`${ENTERPRISE}:employeeNumber eq "1002"`)).toEqual(['bob@example.com']);
      expect(await names(`${ENTERPRISE}:department eq "R&D"`)).toEqual(['Carol.Jones@Other.org', 'alice@example.com']);
      expect(await names(`${ENTERPRISE}:employeeNumber pr and ${ENTERPRISE}:department eq "r&d"`)).toEqual(['alice@example.com']);
      expect(await names(`${USER}:userName eq "dave"`)).toEqual(['dave']);
    });

    it('attribute names are case-insensitive', async () => {
      expect(await names('USERNAME eq "alice@example.com"')).toEqual(['alice@example.com']);
      expect(await names('Name.GivenName eq "bob"')).toEqual(['bob@example.com']);
      expect(await names('EMAILS[TYPE eq "work" and VALUE ew "corp.net"]')).toEqual(['bob@example.com']);
      expect(await names('userName EQ "dave"')).toEqual(['dave']);
    });

    it('caseExact: userName eq ignores case, externalId eq and id eq do not', async () => {
      expect(await names('userName eq "ALICE@EXAMPLE.COM"')).toEqual(['alice@example.com']);
      expect(await names('userName eq "carol.jones@other.org"')).toEqual(['Carol.Jones@Other.org']);
      expect(await names('externalId eq "ExtA"')).toEqual(['alice@example.com']);
      expect(await names('externalId eq "exta"')).toEqual([]);
      expect(await names('externalId eq "EXTB"')).toEqual([]);
      expect(await names(`id eq "${ids.dave}"`)).toEqual(['dave']);
      expect(await names(`id eq "${ids.dave!.toUpperCase()}"`)).toEqual([]);
    });

    it('meta.lastModified gt / meta.created comparisons', async () => {
      expect(await names(`meta.lastModified gt "${beforeBobChange}"`)).toEqual(['bob@example.com']);
      expect(await names(`meta.lastModified lt "${beforeBobChange}"`)).toEqual(['Carol.Jones@Other.org', 'alice@example.com', 'dave']);
      expect(await names('meta.created gt "2000-01-01T00:00:00Z"')).toHaveLength(4);
      expect(await names('meta.created lt "2000-01-01T00:00:00Z"')).toEqual([]);
    });

    it('malformed filters are 400 invalidFilter', async () => {
      await invalid('userName eq');
      await invalid('userName xx "a"');
      await invalid('(userName eq "a"');
      await invalid('userName eq "unterminated');
      await invalid('userName eq "a" and');
      await invalid('emails[type eq "work"');
      await invalid('userName eq "a" or or userName eq "b"');
      await invalid('displayName eq', '/Groups');
    });

    it('an unknown attribute is 200 with no results', async () => {
      const r = await s.scim('GET', `/Users?filter=${encodeURIComponent('nonexistentAttr eq "x"')}`);
      expect(r.status).toBe(200);
      expect(r.body.totalResults).toBe(0);
      expect(await names('urn:example:unknown:2.0:User:foo eq "x"')).toEqual([]);
    });

    it('groups: displayName and members filters', async () => {
      const g = await s.scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Engineers', members: [{ value: ids['alice@example.com'] }] });
      await s.scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Sales' });
      const groups = async (f: string) => {
        const r = await s.scim('GET', `/Groups?filter=${encodeURIComponent(f)}`);
        expect(r.status, r.text).toBe(200);
        return r.body.Resources.map((x: { displayName: string }) => x.displayName).sort();
      };
      expect(await groups('displayName eq "engineers"')).toEqual(['Engineers']);
      expect(await groups(`members[value eq "${ids['alice@example.com']}"]`)).toEqual(['Engineers']);
      expect(await groups(`members.value eq "${ids['alice@example.com']}"`)).toEqual(['Engineers']);
      expect(await groups('members pr')).toEqual(['Engineers']);
      expect(await groups('not (members pr)')).toEqual(['Sales']);
      expect(await names(`groups.value eq "${g.body.id}"`)).toEqual(['alice@example.com']);
    });
  });
}
