import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { GROUP, PATCH_OP, USER } from '../support/scim-bodies.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/*
 * Okta against scimkit over real HTTP.
 * R1–R12 follow Okta's "SCIM 2.0 SPEC Test" (the Runscope test plan published as
 * developer.okta.com/standards/SCIM/SCIMFiles/Okta-SCIM-20-SPEC-Test.json) step by step;
 * the remaining cases replay the requests Okta's provisioning engine sends, as documented in
 * "Okta and SCIM Version 2.0" (developer.okta.com/docs/api/openapi/okta-scim/guides/scim-20)
 * and the "Build a SCIM provisioning integration" guide.
 */

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
function specUser(userName: string): Record<string, unknown> {
  return {
    schemas: [USER],
    userName,
    name: { givenName: 'Ruth', familyName: 'Runscope' },
    emails: [{ primary: true, value: userName, type: 'work' }],
    displayName: 'Ruth Runscope',
    active: true,
  };
}

/** Okta URL-encodes the filter with %20 for spaces (encodeURIComponent), as in its reference. */
const byUserName = (u: string) => `/Users?filter=${encodeURIComponent(`userName eq "${u}"`)}&startIndex=1&count=100`;

function expectError(r: { status: number; headers: Headers; body: any }, status: number): void {
  expect(r.status).toBe(status);
  expect(r.headers.get('content-type')).toMatch(/^application\/scim\+json/);
  expect(r.body.schemas).toContain(ERROR);
  expect(r.body.status).toBe(String(status));
  expect(r.body.detail).toBeTruthy();
}

function noPasswordAnywhere(body: unknown): void {
  expect(JSON.stringify(body)).not.toMatch(/password|1mz050nq/i);
}

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
      expect(r.body.schemas).toContain(LIST);
      expect(typeof r.body.itemsPerPage).toBe('number');
      expect(typeof r.body.startIndex).toBe('number');
      expect(typeof r.body.totalResults).toBe('number');
      expect(r.body.itemsPerPage).toBe(1);
      expect(r.body.startIndex).toBe(1);
      expect(r.body.Resources).toHaveLength(1);
      const u = r.body.Resources[0];
      expect(u.id).toBeTruthy();
      expect(u.name.familyName).toBeTruthy();
      expect(u.name.givenName).toBeTruthy();
      expect(u.userName).toBeTruthy();
      expect(typeof u.active).toBe('boolean');
      expect(u.emails[0].value).toBeTruthy();
    });

    it('R2 — Get Users/{id}', async () => {
      const r = await s.scim('GET', `/Users/${seeded}`);
      expect(r.status).toBe(200);
      expect(r.body.id).toBe(seeded);
      expect(r.body.userName).toBe('Runscope0Seed@atko.com');
      expect(r.body.name).toMatchObject({ givenName: 'Ruth', familyName: 'Runscope' });
      expect(r.body.active).toBe(true);
      expect(r.body.emails[0].value).toBe('Runscope0Seed@atko.com');
    });

    it('R3 — Test invalid User by username: filter for an unknown userName is 200 with totalResults 0', async () => {
      const r = await s.scim('GET', `/Users?filter=${encodeURIComponent('userName eq "nobody-7f3a@atko.com"')}`);
      expect(r.status).toBe(200);
      expect(r.body.schemas).toContain(LIST);
      expect(r.body.totalResults).toBe(0);
      expect(r.body.Resources ?? []).toEqual([]);
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
      });
      expect(r.body.emails).toEqual([{ primary: true, value: 'test.user@okta.local', type: 'work' }]);
      expect(r.body.id).toBeTruthy();
      expect(r.body.meta).toMatchObject({ resourceType: 'User', location: `${s.scimUrl}/Users/${r.body.id}` });
      noPasswordAnywhere(r.body);
      oktaId = r.body.id;
    });

    it('R7 — Verify that user was created: by id and by Okta’s userName filter', async () => {
      const one = await s.scim('GET', `/Users/${oktaId}`);
      expect(one.status).toBe(200);
      expect(one.body).toMatchObject({ id: oktaId, userName: 'test.user@okta.local', name: { givenName: 'Test', familyName: 'User' } });
      noPasswordAnywhere(one.body);
      const found = await s.scim('GET', byUserName('test.user@okta.local'));
      expect(found.body).toMatchObject({ totalResults: 1, itemsPerPage: 1, startIndex: 1 });
      expect(found.body.Resources[0].id).toBe(oktaId);
      noPasswordAnywhere(found.body);
    });

    it('R8 — Expect failure when recreating user with same values: 409 uniqueness', async () => {
      const r = await s.scim('POST', '/Users', oktaUser());
      expectError(r, 409);
      expect(r.body.scimType).toBe('uniqueness');
    });

    it('R9 — Username Case Sensitivity Check: userName eq is case-insensitive', async () => {
      const r = await s.scim('GET', byUserName('TEST.USER@OKTA.LOCAL'));
      expect(r.status).toBe(200);
      expect(r.body.totalResults).toBe(1);
      expect(r.body.Resources[0].id).toBe(oktaId);
      // The same user in another case is the same userName (uniqueness is case-insensitive too).
      expectError(await s.scim('POST', '/Users', oktaUser('Test.User@OKTA.local', 'other')), 409);
    });

    it('R10 — Optional Test: Verify Groups endpoint', async () => {
      const r = await s.scim('GET', '/Groups?startIndex=1&count=100');
      expect(r.status).toBe(200);
      expect(r.body.schemas).toContain(LIST);
    });

    it('R11 — Check status 401: a bad bearer token gets a SCIM 401', async () => {
      const r = await s.scim('GET', byUserName('test.user@okta.local'), undefined, { authorization: 'Bearer not-a-token' });
      expectError(r, 401);
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
        expect(page.status).toBe(200);
        expect(page.body.totalResults).toBe(total);
        expect(page.body.startIndex).toBe(start);
        expect(page.body.itemsPerPage).toBe(Math.min(5, total - start + 1));
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
      const found = await s.scim('GET', byUserName('test.user@okta.local'));
      expect(found.body.totalResults).toBe(1);
      expect(found.body.Resources[0].active).toBe(false);
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
      expect(got.status).toBe(200);
      expect(got.body.active).toBe(false);
      expect(got.body.emails[0].value).toBe('put.deactivate@okta.local');
      noPasswordAnywhere(got.body);
    });

    describe('group push', () => {
      const members: string[] = [];
      let groupId: string;
      const memberIds = async (id: string) =>
        ((await s.scim('GET', `/Groups/${id}`)).body.members ?? []).map((m: { value: string }) => m.value).sort();
      const groupPatch = (...ops: Record<string, unknown>[]) => s.scim('PATCH', `/Groups/${groupId}`, { schemas: [PATCH_OP], Operations: ops });

      beforeAll(async () => {
        for (let i = 0; i < 256; i += 16) {
          const batch = await Promise.all(
            Array.from({ length: 16 }, (_, j) => s.scim('POST', '/Users', { schemas: [USER], userName: `member${i + j}@okta.local`, displayName: `Member ${i + j}` })),
          );
          for (const r of batch) {
            expect(r.status).toBe(201);
            members.push(r.body.id);
          }
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
        expect(found.body.totalResults).toBe(1);
        expect(found.body.Resources[0].id).toBe(groupId);
      });

      it('G3 — PATCH replace members with a full list', async () => {
        const r = await groupPatch({ op: 'replace', path: 'members', value: members.slice(0, 3).map((value) => ({ value, display: 'x' })) });
        expect([200, 204]).toContain(r.status);
        expect(await memberIds(groupId)).toEqual(members.slice(0, 3).sort());
        const again = await groupPatch({ op: 'replace', path: 'members', value: [{ value: members[3] }] });
        expect([200, 204]).toContain(again.status);
        expect(await memberIds(groupId)).toEqual([members[3]]);
      });

      it('G4 — PATCH add 256 members in one operation', async () => {
        const r = await groupPatch({ op: 'add', path: 'members', value: members.map((value) => ({ value })) });
        expect([200, 204]).toContain(r.status);
        expect(await memberIds(groupId)).toEqual([...members].sort());
      });

      it('G5 — PATCH remove one member via members[value eq "…"], and remove-then-add in one request', async () => {
        const r = await groupPatch({ op: 'remove', path: `members[value eq "${members[0]}"]` });
        expect([200, 204]).toContain(r.status);
        let ids = await memberIds(groupId);
        expect(ids).toHaveLength(255);
        expect(ids).not.toContain(members[0]);
        const both = await groupPatch({ op: 'remove', path: `members[value eq "${members[1]}"]` }, { op: 'add', path: 'members', value: [{ value: members[0], display: 'member0' }] });
        expect([200, 204]).toContain(both.status);
        ids = await memberIds(groupId);
        expect(ids).toHaveLength(255);
        expect(ids).toContain(members[0]);
        expect(ids).not.toContain(members[1]);
      });

      it('G6 — PUT group with members replaces the membership', async () => {
        const r = await s.scim('PUT', `/Groups/${groupId}`, { schemas: [GROUP], id: groupId, displayName: 'Test SCIMv2', members: [{ value: members[5] }, { value: members[6] }] });
        expect(r.status).toBe(200);
        expect(r.body.displayName).toBe('Test SCIMv2');
        expect(r.body.members.map((m: { value: string }) => m.value).sort()).toEqual([members[5], members[6]].sort());
        expect(await memberIds(groupId)).toEqual([members[5], members[6]].sort());
      });

      it('G7 — Rename via pathless PATCH replace {id, displayName}; members untouched', async () => {
        const r = await groupPatch({ op: 'replace', value: { id: groupId, displayName: 'Test SCIMv2 Renamed' } });
        expect([200, 204]).toContain(r.status);
        const got = await s.scim('GET', `/Groups/${groupId}`);
        expect(got.body.displayName).toBe('Test SCIMv2 Renamed');
        expect(got.body.members).toHaveLength(2);
        const byPath = await groupPatch({ op: 'replace', path: 'displayName', value: 'Test SCIMv2 Again' });
        expect([200, 204]).toContain(byPath.status);
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
        const u = await s.scim('GET', `/Users/${members[5]}`);
        expect(u.status).toBe(200);
        expect(u.body.groups ?? []).toEqual([]);
        expect((await s.scim('GET', '/Groups')).body.totalResults).toBe(0);
      });
    });
  });
}
