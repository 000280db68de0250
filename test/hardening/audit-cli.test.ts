import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli as cli } from '../support/cli-process.js';
import { DIALECTS } from '../support/databases.js';
import { USER } from '../support/scim-bodies.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

// Issue 11, item 8: `scimkit audit` reads a tenant's trail, filters it and exports it, run as users run it.

for (const dialect of DIALECTS) {
  describe(`${dialect}: scimkit audit`, () => {
    let s: TestServer;
    let tokenId: string;
    let start: string;
    beforeAll(async () => {
      s = await startTestServer(dialect);
      tokenId = (await s.store.tokens.list(s.tenantId))[0]!.id;
      start = new Date().toISOString();
      await s.scim('POST', '/Users', { schemas: [USER], userName: 'cli-a@example.com' });
      await s.scim('POST', '/Users', { schemas: [USER], userName: 'cli-a@example.com' });
      await s.scim('GET', '/Users', undefined, { authorization: 'Bearer nope' });
      await s.scim('DELETE', '/Users/missing');
    });
    afterAll(async () => s.close());
    const audit = (...args: string[]) => cli(['audit', '--db', s.dbUrl, '--tenant', s.tenantId, ...args]);

    it('lists the trail newest first as a table', async () => {
      const r = await audit();
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const lines = r.stdout.trim().split('\n');
      expect(lines[0]).toMatch(/^TIME\s+STATUS\s+METHOD\s+PATH\s+TOKEN\s+CLIENT\s+DETAIL$/);
      expect(lines.slice(1).map((l) => l.split(/\s+/)[1])).toEqual(['404', '401', '409', '201']);
    });

    it('filters by status (exact or class), method, token and time, and limits', async () => {
      const json = async (...args: string[]) => JSON.parse((await audit(...args, '--json')).stdout).entries as { status: number; method: string; tokenId: string | null }[];
      expect((await json('--status', '4xx')).map((e) => e.status)).toEqual([404, 401, 409]);
      expect((await json('--status', '401')).map((e) => e.status)).toEqual([401]);
      expect((await json('--method', 'delete')).map((e) => e.method)).toEqual(['DELETE']);
      expect((await json('--token', tokenId)).every((e) => e.tokenId === tokenId)).toBe(true);
      expect(await json('--since', '2999-01-01')).toEqual([]);
      expect(await json('--until', start)).toEqual([]);
      expect(await json('--limit', '2')).toHaveLength(2);
    });

    it('exports every column as JSON lines or CSV', async () => {
      const jsonl = (await audit('--format', 'jsonl', '--limit', '0')).stdout.trim().split('\n').map((l) => JSON.parse(l));
      expect(jsonl).toHaveLength(4);
      expect(jsonl[1]).toMatchObject({ status: 401, method: 'GET', clientIp: '127.0.0.1', tokenId: null });
      const csv = (await audit('--format', 'csv')).stdout.trim().split('\n');
      expect(csv[0]).toBe('at,status,method,path,resourceType,resourceId,tokenId,clientIp,bulkOp,scimType,detail');
      expect(csv).toHaveLength(5);
    });

    it('names a bad flag in one line', async () => {
      for (const [args, pattern] of [
        [['--status', 'teapot'], /--status/],
        [['--since', 'yesterday-ish'], /--since/],
        [['--format', 'xml'], /--format/],
        [['--limit', '-1'], /--limit/],
      ] as const) {
        const r = await audit(...args);
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(/^scimkit: [^\n]+\n$/);
        expect(r.stderr).toMatch(pattern);
      }
    });
  });
}
