import { defineFunction, type FunctionDef } from './function-types.js';
import { booleanOf, isNull, isNullOrEmpty, textOf, type Value } from './values.js';

/** Not's reading of its source: only a value that reads as True is true; anything else (null, text) is not. */
function isTrue(v: Value): boolean {
  try {
    return booleanOf(v);
  } catch {
    return false;
  }
}

/** Conditions and null tests: IIF, Switch, CBool, Not, IsNull, IsNothing, IsNullOrEmpty, IsPresent, IsString, Coalesce, IgnoreFlowIfNullOrEmpty, Redact. */
export const logicFunctions: FunctionDef[] = [
  defineFunction('IIF', 'valueIfTrue when the condition is true, else valueIfFalse (a null condition is false).', ['condition', 'valueIfTrue', 'valueIfFalse'], ([condition, ifTrue, ifFalse]) =>
    booleanOf(condition.value()) ? ifTrue.value() : ifFalse.value(),
  ),
  defineFunction(
    'Switch',
    'The value paired with the first key equal to the source (case-sensitive; "" matches null), else defaultValue.',
    ['source', 'defaultValue?', 'key*', 'value*'],
    ([source, defaultValue, ...pairs]) => {
      const text = textOf(source.value()) ?? '';
      for (let i = 0; i + 1 < pairs.length; i += 2) {
        if ((textOf(pairs[i].value()) ?? '') === text) return pairs[i + 1].value();
      }
      return defaultValue.value();
    },
    { minArgs: 4, countRule: { test: (n) => n >= 4 && n % 2 === 0, text: 'an even number of arguments, at least 4' } },
  ),
  defineFunction('CBool', 'True when the expression is true or non-zero, else False.', ['expression'], ([expression]) => booleanOf(expression.value())),
  defineFunction('Not', 'False when the source is True, else True.', ['source'], ([source]) => !isTrue(source.value())),
  defineFunction('IsNull', 'True when the value is null (the attribute is absent).', ['expression'], ([expression]) => isNull(expression.value())),
  defineFunction('IsNothing', 'Same as IsNull.', ['expression'], ([expression]) => isNull(expression.value())),
  defineFunction('IsNullOrEmpty', 'True when the value is null or "".', ['expression'], ([expression]) => isNullOrEmpty(expression.value())),
  defineFunction('IsPresent', 'True when the value is neither null nor "".', ['expression'], ([expression]) => !isNullOrEmpty(expression.value())),
  defineFunction('IsString', 'True when the value is text.', ['expression'], ([expression]) => typeof expression.value() === 'string'),
  defineFunction('Coalesce', 'The first value that is not null; else defaultValue; else null.', ['source*', 'defaultValue?'], (args) => {
    for (const arg of args) {
      const v = arg.value();
      if (!isNull(v)) return v;
    }
    return null;
  }),
  defineFunction('IgnoreFlowIfNullOrEmpty', 'Drops the target attribute from the flow when the value is null or "".', ['expression'], ([expression], env) => {
    const v = expression.value();
    if (isNullOrEmpty(v)) {
      env.ignoreFlow();
      return null;
    }
    return v;
  }),
  defineFunction('Redact', 'The value flows unchanged, but provisioning logs show "[Redact]".', ['value'], ([value], env) => {
    env.redact();
    return value.value();
  }),
];
