import { describe, expect, it } from 'vitest';
import { readListResponse } from './list-response.js';

const LR = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

describe('readListResponse', () => {
  it('reads a complete ListResponse, with a cursor', () => {
    expect(readListResponse({ schemas: [LR], totalResults: 2, Resources: [{ id: 'a' }, { id: 'b' }], nextCursor: 'c2' })).toEqual({
      resources: [{ id: 'a' }, { id: 'b' }],
      totalResults: 2,
      nextCursor: 'c2',
    });
  });

  it('tolerates a missing totalResults, a string totalResults, a missing Resources and lowercase resources', () => {
    expect(readListResponse({ Resources: [{ id: 'a' }] })).toEqual({ resources: [{ id: 'a' }], totalResults: undefined, nextCursor: undefined });
    expect(readListResponse({ totalResults: '0' })).toEqual({ resources: [], totalResults: 0, nextCursor: undefined });
    expect(readListResponse({ schemas: [LR] })).toMatchObject({ resources: [] });
    expect(readListResponse({ resources: [{ id: 'x' }] })).toMatchObject({ resources: [{ id: 'x' }] });
  });

  it('says what is wrong with an answer that is not a list of resources', () => {
    expect(readListResponse('<html>')).toEqual({ problem: 'the answer is not JSON' });
    expect(readListResponse([{ id: 'a' }])).toEqual({ problem: 'the answer is not a JSON object' });
    expect(readListResponse({ id: 'a', userName: 'x' })).toMatchObject({ problem: expect.stringContaining('not a ListResponse') });
    expect(readListResponse({ Resources: { id: 'a' } })).toEqual({ problem: 'Resources is not an array' });
    expect(readListResponse({ totalResults: 1, Resources: [{ userName: 'x' }] })).toEqual({ problem: 'Resources[0] has no id' });
  });
});
