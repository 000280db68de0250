import { it } from 'vitest';
import { startTestServer } from '../support/test-server.js';
it('probe', async () => {
  const s = await startTestServer('sqlite');
  const g = await s.scim('POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'G' });
  const r = await s.scim('PATCH', `/Groups/${g.body.id}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { id: g.body.id, displayName: 'H' } }] });
  console.log(r.status, r.text);
  const u = await s.scim('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'u' });
  const r2 = await s.scim('PATCH', `/Users/${u.body.id}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { id: u.body.id, active: false } }] });
  console.log(r2.status, r2.text);
  await s.close();
});
