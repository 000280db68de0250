import { dateFunctions } from './date-functions.js';
import { encodingFunctions } from './encoding-functions.js';
import { defineFunction, type FunctionDef } from './function-types.js';
import { logicFunctions } from './logic-functions.js';
import { multiValueFunctions } from './multi-value-functions.js';
import { randomFunctions } from './random-functions.js';
import { replaceFunction } from './replace-function.js';
import { roleFunctions } from './role-functions.js';
import { stringFunctions } from './string-functions.js';
import { EvalFailure } from './values.js';

/** SelectUniqueValue's name; the evaluator runs it itself, since it asks the target and so must await. */
export const SELECT_UNIQUE_VALUE = 'SelectUniqueValue';

const selectUniqueValue = defineFunction(
  SELECT_UNIQUE_VALUE,
  'The first of the candidate values that no target object holds yet; must be the whole expression, for create-only mappings.',
  ['uniqueValueRule*'],
  () => {
    throw new EvalFailure('SelectUniqueValue must be the whole expression; it cannot be nested');
  },
  { minArgs: 2 },
);

const ALL: FunctionDef[] = [
  ...stringFunctions,
  replaceFunction,
  ...multiValueFunctions,
  ...logicFunctions,
  ...dateFunctions,
  ...encodingFunctions,
  ...randomFunctions,
  ...roleFunctions,
  selectUniqueValue,
].sort((a, b) => a.name.localeCompare(b.name));

const BY_NAME = new Map(ALL.map((f) => [f.name.toLowerCase(), f]));

/** Every function of the expression language, sorted by name. */
export const functionLibrary: readonly FunctionDef[] = ALL;

/** Finds a function by name in any case (Entra's own docs write both `Switch` and `switch`). */
export function findFunction(name: string): FunctionDef | undefined {
  return BY_NAME.get(name.toLowerCase());
}
