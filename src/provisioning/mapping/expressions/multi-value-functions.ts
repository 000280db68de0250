import { defineFunction, type FunctionDef } from './function-types.js';
import { EvalFailure, integerOf, isNull, isNullOrEmpty, textOf, type Value } from './values.js';

/** The values of a (possibly multi-valued) argument as a flat list, nulls dropped. */
function valuesOf(v: Value): Value[] {
  if (isNull(v)) return [];
  return Array.isArray(v) ? v.filter((e) => !isNull(e)) : [v];
}

/** Multi-valued functions: Count, Item, Join, Split, RemoveDuplicates. */
export const multiValueFunctions: FunctionDef[] = [
  defineFunction('Count', 'The number of values of a multi-valued attribute (0 when absent).', ['attribute'], ([attribute]) => valuesOf(attribute.value()).length),
  defineFunction('Item', 'The index-th value (1-based) of a multi-valued attribute; null when out of range.', ['attribute', 'index'], ([attribute, index]) => {
    const n = integerOf(index.value());
    if (n === null) throw new EvalFailure('index is null');
    const list = valuesOf(attribute.value());
    return n >= 1 && n <= list.length ? list[n - 1] : null;
  }),
  defineFunction('Join', 'Joins the values with the separator, expanding multi-valued sources and skipping null and empty ones.', ['separator', 'source*'], ([separator, ...sources]) => {
    const parts = sources.flatMap((s) => valuesOf(s.value())).filter((v) => !isNullOrEmpty(v)).map((v) => textOf(v)!);
    return parts.length === 0 ? null : parts.join(textOf(separator.value()) ?? '');
  }),
  defineFunction('Split', 'Splits text on the delimiter into a multi-valued attribute (values trimmed, empty ones dropped).', ['source', 'delimiter'], ([source, delimiter]) => {
    const delim = textOf(delimiter.value()) ?? '';
    const split = (t: string) => (delim === '' ? [t] : t.split(delim)).map((p) => p.trim()).filter((p) => p !== '');
    const v = source.value();
    if (isNull(v)) return null;
    return Array.isArray(v) ? v.flatMap((e) => (isNull(e) ? [] : split(textOf(e)!))) : split(textOf(v)!);
  }),
  defineFunction('RemoveDuplicates', 'The values of a multi-valued attribute with exact duplicates removed, first occurrence kept.', ['attribute'], ([attribute]) => {
    const v = attribute.value();
    if (!Array.isArray(v)) return v;
    const seen = new Set<string>();
    return v.filter((e) => {
      const key = JSON.stringify(e);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }),
];
