import { expect } from 'vitest';
import { ExpressionError } from '../../src/provisioning/mapping/mapping-errors.js';

/** Runs fn and returns the ExpressionError it throws, failing the test when it throws nothing or something else. */
export function expressionErrorOf(fn: () => unknown): ExpressionError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ExpressionError);
    return e as ExpressionError;
  }
  throw new Error('expected an ExpressionError');
}
