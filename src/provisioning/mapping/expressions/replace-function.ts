import { dotNetRegex, expandSubstitutions } from './dotnet-regex.js';
import type { ExprNode } from './expr-node.js';
import { defineFunction, literalText, type ArgumentProblem, type Arg, type FunctionDef } from './function-types.js';
import { EvalFailure, isNull, isNullOrEmpty, mapText, textOf, type Value } from './values.js';

/** Replace's five behaviours, chosen by which arguments are given (blank ones are not). */
export type ReplaceMode = 'literal' | 'template' | 'regex' | 'regexGroup' | 'regexExtract';

const SOURCE = 0;
const OLD = 1;
const PATTERN = 2;
const GROUP = 3;
const REPLACEMENT = 4;
const REPLACEMENT_ATTRIBUTE = 5;
const TEMPLATE = 6;

/** Picks the mode from the arguments given, as Entra documents them; an impossible combination says what is missing. */
export function replaceMode(given: (index: number) => boolean): ReplaceMode | ArgumentProblem {
  if (given(PATTERN)) {
    if (given(GROUP) && given(REPLACEMENT)) return 'regexGroup';
    if (given(GROUP) && given(REPLACEMENT_ATTRIBUTE)) return 'regexExtract';
    if (!given(GROUP) && given(REPLACEMENT)) return 'regex';
    return { index: PATTERN, message: 'Replace with regexPattern needs replacementValue, or regexGroupName with replacementValue or replacementAttributeName' };
  }
  if (given(OLD)) {
    if (given(TEMPLATE)) return 'template';
    if (given(REPLACEMENT)) return 'literal';
    return { index: OLD, message: 'Replace with oldValue needs replacementValue or template' };
  }
  return { index: SOURCE, message: 'Replace needs oldValue or regexPattern' };
}

/** Calls `fn` for every match of a global regex, as .NET's Regex.Replace visits them (empty matches included). */
function eachMatch(text: string, re: RegExp, fn: (m: RegExpExecArray) => void): void {
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    fn(m);
    if (m[0] === '') re.lastIndex++;
  }
}

function regexOf(arg: Arg): RegExp {
  const pattern = textOf(arg.value()) ?? '';
  try {
    return dotNetRegex(pattern);
  } catch (err) {
    throw new EvalFailure((err as Error).message);
  }
}

/** Replaces the span of one named group inside each match, keeping the rest of the match. */
function replaceGroup(text: string, re: RegExp, group: string, replacement: string): string {
  let out = '';
  let last = 0;
  eachMatch(text, re, (m) => {
    const { span } = groupOf(m, group);
    if (!span) return;
    out += text.slice(last, span[0]) + expandSubstitutions(replacement, m, text);
    last = span[1];
  });
  return out + text.slice(last);
}

function replaceMatches(text: string, re: RegExp, replacement: string): string {
  let out = '';
  let last = 0;
  eachMatch(text, re, (m) => {
    out += text.slice(last, m.index) + expandSubstitutions(replacement, m, text);
    last = m.index + m[0].length;
  });
  return out + text.slice(last);
}

/** The group's text in a match; a name the pattern does not define is an error, not a silent no-op. */
function groupOf(m: RegExpExecArray, group: string): { text: string | undefined; span: [number, number] | undefined } {
  if (/^\d+$/.test(group)) {
    const n = Number(group);
    if (n >= m.length) throw new EvalFailure(`the pattern has no group ${n}`);
    return { text: m[n], span: m.indices?.[n] };
  }
  if (!m.groups || !(group in m.groups)) throw new EvalFailure(`regexGroupName "${group}" is not a named group of the pattern`);
  return { text: m.groups[group], span: m.indices?.groups?.[group] };
}

function check(args: (ExprNode | null)[]): ArgumentProblem | undefined {
  const mode = replaceMode((i) => args[i] !== null && args[i] !== undefined);
  if (typeof mode !== 'string') return mode;
  const pattern = literalText(args[PATTERN]);
  if (pattern === undefined) return undefined;
  try {
    dotNetRegex(pattern);
  } catch (err) {
    return { index: PATTERN, message: (err as Error).message };
  }
  const group = literalText(args[GROUP]);
  if (group !== undefined && !/^\d+$/.test(group) && !pattern.includes(`(?<${group}>`) && !pattern.includes(`(?'${group}'`)) {
    return { index: GROUP, message: `regexGroupName "${group}" is not a named group of the pattern` };
  }
  return undefined;
}

function replace(args: Arg[]): Value {
  const given = (i: number) => args[i]?.provided === true;
  const mode = replaceMode(given);
  if (typeof mode !== 'string') throw new EvalFailure(mode.message);
  const source = args[SOURCE].value();
  const text = (i: number) => textOf(args[i].value()) ?? '';
  switch (mode) {
    case 'literal': {
      const old = text(OLD);
      if (old === '') throw new EvalFailure('oldValue is empty');
      return mapText(source, (t) => t.split(old).join(text(REPLACEMENT)));
    }
    case 'template': {
      const old = text(OLD);
      if (old === '') throw new EvalFailure('oldValue is empty');
      return mapText(source, (t) => text(TEMPLATE).split(old).join(t));
    }
    case 'regex': {
      const re = regexOf(args[PATTERN]);
      return mapText(source, (t) => replaceMatches(t, re, text(REPLACEMENT)));
    }
    case 'regexGroup': {
      const re = regexOf(args[PATTERN]);
      return mapText(source, (t) => replaceGroup(t, re, text(GROUP), text(REPLACEMENT)));
    }
    case 'regexExtract': {
      if (!isNullOrEmpty(source)) return source;
      const re = regexOf(args[PATTERN]);
      const other = args[REPLACEMENT_ATTRIBUTE].value();
      if (isNull(other)) return null;
      re.lastIndex = 0;
      const m = re.exec(textOf(other)!);
      return m ? (groupOf(m, text(GROUP)).text ?? null) : null;
    }
  }
}

/** Replace, with its five documented modes and .NET regular expressions. */
export const replaceFunction: FunctionDef = defineFunction(
  'Replace',
  'Replaces text: oldValue by replacementValue, the source into a template, or by a .NET regex (whole match, a named group, or extracted from another attribute).',
  ['source', 'oldValue?', 'regexPattern?', 'regexGroupName?', 'replacementValue?', 'replacementAttributeName?', 'template?'],
  replace,
  { check },
);
