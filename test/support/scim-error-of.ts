import { expect } from 'vitest';
import { ScimError } from '../../src/scim/errors.js';

/** Runs fn and returns the ScimError it throws, failing the test when it throws nothing or something else. */
export function errorOf(fn: () => unknown): ScimError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ScimError);
    return e as ScimError;
  }
  throw new Error('expected a ScimError');
}

/** Asserts the call throws a 400 ScimError of the given scimType (and detail, when given). */
export function expectError(run: () => unknown, scimType: string, detail?: RegExp): void {
  const err = errorOf(run);
  expect(err.status).toBe(400);
  expect(err.scimType).toBe(scimType);
  if (detail) expect(err.detail).toMatch(detail);
}
