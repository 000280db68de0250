import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { GROUP, PATCH_OP, USER } from '../support/scim-bodies.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

// R1–R12 follow Okta's "SCIM 2.0 SPEC Test" (Runscope plan, developer.okta.com/standards/SCIM/SCIMFiles/
// Okta-SCIM-20-SPEC-Test.json); the rest replay what Okta's provisioning engine sends per "Okta and SCIM
// Version 2.0" (developer.okta.com/docs/api/openapi/okta-scim/guides/scim-20) and "Build a SCIM provisioning integration".

const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** The user Okta's provisioning engine POSTs, verbatim from Okta's SCIM 2.0 reference. */
function oktaUser(userName = 'test.user@okta.local', externalId = '00ujl29u0le5T6Aj10h7'): Record<string, unknown> {
  return {
    schemas: [USER],
    userName,
    name: { givenName: 'Test', familyName: 'User' },
    emails: [{ primary: true, value: userName, type: 'work' }],
    displayName: 'Test User',
    locale: 'en-US',
    externalId,
    groups: [],
    password: '1mz050nq',
    active: true,
  };
}

/** "Create Okta user with realistic values" from the SPEC test. */
const specUser = (userName: string) => ({ schemas: [USER], userName, name: { givenName: 'Ruth', familyName: 'Runscope' }, emails: [{ primary: true, value: userName, type: 'work' }], displayName: 'Ruth Runscope', active: true });

/** Okta URL-encodes the filter with %20 for spaces (encodeURIComponent), as in its reference. */
const byUserName = (u: string) => `/Users?filter=${encodeURIComponent(`userName eq "${u}"`)}&startIndex=1&count=100`;

function expectError(r: { status: number; headers: Headers; body: any }, status: number) {
  expect(r.status).toBe(status);
  expect(r.headers.get('content-type')).toMatch(/^application\/scim\+json/);
  expect(r.body).toMatchObject({ schemas: [ERROR], status: String(status), detail: expect.stringMatching(/./) });
}

const noPasswordAnywhere = (body: unknown) => expect(JSON.stringify(body)).not.toMatch(/password|1mz050nq/i);

for (const dialect of DIALECTS) {
  describe(`${dialect}: Okta SCIM 2.0 SPEC test and provisioning flows`, () => {
    let s: TestServer;
    let seeded: string;
    beforeAll(async () => {
      s = await startTestServer(dialect);
      const r = await s.scim('POST', '/Users', specUser('Runscope0Seed@atko.com'));
      expect(r.status).toBe(201);
      seeded = r.body.id;
    });
    afterAll(async () => s.close());

    it('R1 — Test Users endpoint: GET /Users?count=1&startIndex=1 has the ListResponse shape', async () => {
      const r = await s.scim('GET', '/Users?count=1&startIndex=1');
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toMatch(/^application\/scim\+json/);
      // Okta asserts itemsPerPage, startIndex and totalResults are numbers, and the first user's fields are non-empty.
      expect(r.body).toMatchObject({ schemas: [LIST], itemsPerPage: 1, startIndex: 1, totalResults: expect.any(Number) });
      expect(r.body.Resources).toHaveLength(1);
      const text = expect.stringMatching(/./);
      expect(r.body.Resources[0]).toMatchObject({ id: text, userName: text, active: expect.any(Boolean), name: { familyName: text, givenName: text }, emails: [{ value: text }] });
    });

    it('R2 — Get Users/{id}', async () => {
      const r = await s.scim('GET', `/Users/${seeded}`);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ id: seeded, userName: 'Runscope0Seed@atko.com', name: { givenName: 'Ruth', familyName: 'Runscope' }, active: true, emails: [{ value: 'Runscope0Seed@atko.com' }] });
    });

    it('R3 — Test invalid User by username: filter for an unknown userName is 200 with totalResults 0', async () => {
      const r = await s.scim('GET', `/Users?filter=${encodeURIComponent('userName eq "nobody-7f3a@atko.com"')}`);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ schemas: [LIST], totalResults: 0 });
    });

    it('R4 — Test invalid User by ID: 404 with a SCIM error body', async () => {
      expectError(await s.scim('GET', '/Users/010101010101010101010'), 404);
    });

    it('R5 — Make sure random user does not exist (Okta existence check, startIndex=1&count=100)', async () => {
      const r = await s.scim('GET', byUserName('test.user@okta.local'));
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ schemas: [LIST], totalResults: 0, startIndex: 1, itemsPerPage: 0 });
    });

    let oktaId: string;
    it('R6 — Create Okta user with Okta’s exact body (password, locale, externalId, groups: [])', async () => {
      const r = await s.scim('POST', '/Users', oktaUser());
      expect(r.status).toBe(201);
      expect(r.headers.get('location')).toBe(`${s.scimUrl}/Users/${r.body.id}`);
      expect(r.body).toMatchObject({
        schemas: expect.arrayContaining([USER]),
        userName: 'test.user@okta.local',
        name: { givenName: 'Test', familyName: 'User' },
        displayName: 'Test User',
        locale: 'en-US',
        externalId: '00ujl29u0le5T6Aj10h7',
        active: true,
        emails: [{ primary: true, value: 'test.user@okta.local', type: 'work' }],
        meta: { resourceType: 'User', location: `${s.scimUrl}/Users/${r.body.id}` },
      });
      noPasswordAnywhere(r.body);
      oktaId = r.body.id;
    });

    it('R7 — Verify that user was created: by id and by Okta’s userName filter', async () => {
      const one = await s.scim('GET', `/Users/${oktaId}`);
      expect(one.status).toBe(200);
      expect(one.body).toMatchObject({ id: oktaId, userName: 'test.user@okta.local', name: { givenName: 'Test', familyName: 'User' } });
      noPasswordAnywhere(one.body);
      const found = await s.scim('GET', byUserName('test.user@okta.local'));
      expect(found.body).toMatchObject({ totalResults: 1, itemsPerPage: 1, startIndex: 1, Resources: [{ id: oktaId }] });
      noPasswordAnywhere(found.body);
    });

    it('R8 — Expect failure when recreating user with same values: 409 uniqueness', async () => {
      const r = await s.scim('POST', '/Users', oktaUser());
      expectError(r, 409);
      expect(r.body.scimType).toBe('uniqueness');
      expect((await s.scim('GET', byUserName('test.user@okta.local'))).body.totalResults).toBe(1);
    });

    it('R9 — Username Case Sensitivity Check: userName eq is case-insensitive', async () => {
      const r = await s.scim('GET', byUserName('TEST.USER@OKTA.LOCAL'));
      expect(r.body).toMatchObject({ totalResults: 1, Resources: [{ id: oktaId }] });
      // The same user in another case is the same userName (uniqueness is case-insensitive too).
      expectError(await s.scim('POST', '/Users', oktaUser('Test.User@OKTA.local', 'other')), 409);
    });

    it('R10 — Optional Test: Verify Groups endpoint', async () => {
      const r = await s.scim('GET', '/Groups?startIndex=1&count=100');
      expect(r.body).toMatchObject({ schemas: [LIST], totalResults: 0 });
    });

    it('R11 — Check status 401: a bad bearer token gets a SCIM 401', async () => {
      expectError(await s.scim('GET', byUserName('test.user@okta.local'), undefined, { authorization: 'Bearer not-a-token' }), 401);
    });

    it('R12 — Check status 404 on a non-existent user', async () => {
      expectError(await s.scim('GET', '/Users/00919288221112222'), 404);
    });

    it('R13 — List users with paging: 15 more users, pages of 5, stable totalResults, no duplicates', async () => {
      for (let i = 1; i <= 15; i++) expect((await s.scim('POST', '/Users', oktaUser(`page${i}@okta.local`, `ext-${i}`))).status).toBe(201);
      const first = await s.scim('GET', '/Users?startIndex=1&count=5');
      const total = first.body.totalResults as number;
      expect(total).toBe(17);
      const seen: string[] = [];
      for (let start = 1; start <= total; start += 5) {
        const page = await s.scim('GET', `/Users?startIndex=${start}&count=5`);
        expect(page.body).toMatchObject({ totalResults: total, startIndex: start, itemsPerPage: Math.min(5, total - start + 1) });
        seen.push(...page.body.Resources.map((u: { id: string }) => u.id));
      }
      expect(seen).toHaveLength(total);
      expect(new Set(seen).size).toBe(total);
    });

    it('R14 — Update user with PUT: Okta GETs, changes attributes, PUTs the whole resource back', async () => {
      const current = (await s.scim('GET', `/Users/${oktaId}`)).body;
      const body = { ...current, name: { givenName: 'Another', middleName: 'Middle', familyName: 'User' }, displayName: 'Another User', password: '1mz050nq' };
      const r = await s.scim('PUT', `/Users/${oktaId}`, body);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ id: oktaId, displayName: 'Another User', externalId: '00ujl29u0le5T6Aj10h7', active: true });
      expect(r.body.name).toEqual({ givenName: 'Another', middleName: 'Middle', familyName: 'User' });
      expect(r.body.meta.version).not.toBe(current.meta.version);
      noPasswordAnywhere(r.body);
      expect((await s.scim('GET', `/Users/${oktaId}`)).body.displayName).toBe('Another User');
    });

    it('R15 — Deactivate with a pathless PATCH replace {active:false}; the user stays retrievable', async () => {
      const r = await s.scim('PATCH', `/Users/${oktaId}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active: false } }] });
      expect(r.status).toBe(200);
      expect(r.body.active).toBe(false);
      noPasswordAnywhere(r.body);
      const got = await s.scim('GET', `/Users/${oktaId}`);
      expect(got.status).toBe(200);
      expect(got.body).toMatchObject({ active: false, userName: 'test.user@okta.local', displayName: 'Another User' });
      expect((await s.scim('GET', byUserName('test.user@okta.local'))).body).toMatchObject({ totalResults: 1, Resources: [{ active: false }] });
      // Okta reactivates the same way.
      const back = await s.scim('PATCH', `/Users/${oktaId}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active: true } }] });
      expect(back.body.active).toBe(true);
    });

    it('R16 — Deactivate with PUT active:false (custom app integrations); still retrievable', async () => {
      const created = await s.scim('POST', '/Users', oktaUser('put.deactivate@okta.local', 'ext-put'));
      const r = await s.scim('PUT', `/Users/${created.body.id}`, { ...oktaUser('put.deactivate@okta.local', 'ext-put'), id: created.body.id, active: false });
      expect(r.status).toBe(200);
      expect(r.body.active).toBe(false);
      const got = await s.scim('GET', `/Users/${created.body.id}`);
      expect(got.body).toMatchObject({ active: false, emails: [{ value: 'put.deactivate@okta.local' }] });
      noPasswordAnywhere(got.body);
    });

    describe('group push', () => {
      const members: string[] = [];
      let groupId: string;
      const memberIds = async (id: string) =>
        ((await s.scim('GET', `/Groups/${id}`)).body.members ?? []).map((m: { value: string }) => m.value).sort();
      // Okta accepts 200 with the group or 204 for a group PATCH; scimkit answers 204 unless attributes are asked for.
      const groupPatch = async (...ops: Record<string, unknown>[]) => {
        const r = await s.scim('PATCH', `/Groups/${groupId}`, { schemas: [PATCH_OP], Operations: ops });
        expect([200, 204], r.text).toContain(r.status);
        return r;
      };

      beforeAll(async () => {
        for (let i = 0; i < 256; i += 16) {
          const batch = await Promise.all(Array.from({ length: 16 }, (_, j) => s.scim('POST', '/Users', { schemas: [USER], userName: `member${i + j}@okta.local` })));
          members.push(...batch.map((r) => r.body.id));
        }
      });

      it('G1 — Create group with Okta’s body (displayName, empty members)', async () => {
        const r = await s.scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Test SCIMv2', members: [] });
        expect(r.status).toBe(201);
        expect(r.body).toMatchObject({ schemas: [GROUP], displayName: 'Test SCIMv2' });
        expect(r.body.members ?? []).toEqual([]);
        expect(r.headers.get('location')).toBe(`${s.scimUrl}/Groups/${r.body.id}`);
        groupId = r.body.id;
      });

      it('G2 — List groups and find the group by displayName (as Okta does before pushing)', async () => {
        const all = await s.scim('GET', '/Groups?startIndex=1&count=100');
        expect(all.body.totalResults).toBe(1);
        const found = await s.scim('GET', `/Groups?filter=${encodeURIComponent('displayName eq "Test SCIMv2"')}&startIndex=1&count=100`);
        expect(found.body).toMatchObject({ totalResults: 1, Resources: [{ id: groupId }] });
      });

      it('G3 — PATCH replace members with a full list', async () => {
        await groupPatch({ op: 'replace', path: 'members', value: members.slice(0, 3).map((value) => ({ value, display: 'x' })) });
        expect(await memberIds(groupId)).toEqual(members.slice(0, 3).sort());
        await groupPatch({ op: 'replace', path: 'members', value: [{ value: members[3] }] });
        expect(await memberIds(groupId)).toEqual([members[3]]);
      });

      it('G4 — PATCH add 256 members in one operation', async () => {
        await groupPatch({ op: 'add', path: 'members', value: members.map((value) => ({ value })) });
        expect(await memberIds(groupId)).toEqual([...members].sort());
      });

      it('G5 — PATCH remove one member via members[value eq "…"], and remove-then-add in one request', async () => {
        await groupPatch({ op: 'remove', path: `members[value eq "${members[0]}"]` });
        expect(await memberIds(groupId)).toEqual(members.slice(1).sort());
        await groupPatch({ op: 'remove', path: `members[value eq "${members[1]}"]` }, { op: 'add', path: 'members', value: [{ value: members[0], display: 'member0' }] });
        expect(await memberIds(groupId)).toEqual([members[0]!, ...members.slice(2)].sort());
      });

      it('G6 — PUT group with members replaces the membership', async () => {
        const r = await s.scim('PUT', `/Groups/${groupId}`, { schemas: [GROUP], id: groupId, displayName: 'Test SCIMv2', members: [{ value: members[5] }, { value: members[6] }] });
        expect(r.status).toBe(200);
        expect(r.body.members.map((m: { value: string }) => m.value).sort()).toEqual([members[5], members[6]].sort());
        expect(await memberIds(groupId)).toEqual([members[5], members[6]].sort());
      });

      it('G7 — Rename via pathless PATCH replace {id, displayName}; members untouched', async () => {
        await groupPatch({ op: 'replace', value: { id: groupId, displayName: 'Test SCIMv2 Renamed' } });
        expect((await s.scim('GET', `/Groups/${groupId}`)).body).toMatchObject({ displayName: 'Test SCIMv2 Renamed', members: [{}, {}] });
        await groupPatch({ op: 'replace', path: 'displayName', value: 'Test SCIMv2 Again' });
        expect((await s.scim('GET', `/Groups/${groupId}`)).body.displayName).toBe('Test SCIMv2 Again');
      });

      it('G8 — The member’s user shows the group', async () => {
        const u = await s.scim('GET', `/Users/${members[5]}`);
        expect(u.body.groups.map((g: { value: string }) => g.value)).toEqual([groupId]);
      });

      it('G9 — Delete group: 204, then 404; its users remain', async () => {
        const r = await s.scim('DELETE', `/Groups/${groupId}`);
        expect(r.status).toBe(204);
        expect(r.text).toBe('');
        expectError(await s.scim('GET', `/Groups/${groupId}`), 404);
        expect((await s.scim('GET', `/Users/${members[5]}`)).body.groups ?? []).toEqual([]);
        expect((await s.scim('GET', '/Groups')).body.totalResults).toBe(0);
      });
    });
  });
}
