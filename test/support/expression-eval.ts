import type { ExprValue } from '../../src/provisioning/mapping/expr-value.js';
import { prng } from './prng.js';
import { evaluateExpression, parseExpression, type EvalContext, type EvalResult } from '../../src/provisioning/mapping/expressions/index.js';

/** A fixed clock for expression tests: 7/2/2021 3:33:38 PM UTC, the instant Entra's Now() example shows. */
export const TEST_NOW = new Date(Date.UTC(2021, 6, 2, 15, 33, 38));

/** A repeatable random source for Guid and RandomString tests (the fuzz tests' mulberry32). */
export const seededRandom = (seed = 42): (() => number) => prng(seed);

/** An evaluation context over a plain attribute map (names matched exactly), with the test clock and random source. */
export function testContext(attributes: Record<string, ExprValue> = {}, extra: Partial<EvalContext> = {}): EvalContext {
  return { attribute: (name) => attributes[name], now: () => TEST_NOW, random: seededRandom(), ...extra };
}

/** Parses and evaluates an expression text against attributes; the full result with flags. */
export function evaluateText(text: string, attributes: Record<string, ExprValue> = {}, extra: Partial<EvalContext> = {}): Promise<EvalResult> {
  return evaluateExpression(parseExpression(text), testContext(attributes, extra));
}

/** Parses and evaluates an expression text; just the value. */
export async function valueOf(text: string, attributes: Record<string, ExprValue> = {}, extra: Partial<EvalContext> = {}): Promise<ExprValue> {
  return (await evaluateText(text, attributes, extra)).value;
}
