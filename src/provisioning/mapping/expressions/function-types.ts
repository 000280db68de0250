import type { ExprValue } from '../expr-value.js';
import type { ExprNode } from './expr-node.js';
import type { Value } from './values.js';

/** What an evaluation may ask of the engine: the source object's attributes, the clock, randomness, the target. */
export interface EvalContext {
  /** A source attribute by the name written in brackets; undefined when absent. */
  attribute(name: string): ExprValue | undefined;
  /** The current time (injectable, so tests never depend on the real clock). */
  now(): Date;
  /** A number in [0, 1) for Guid and RandomString; the engine passes a cryptographic source. */
  random(): number;
  /** For SelectUniqueValue: true when no target object already holds this value. */
  isUniqueInTarget?(value: string): Promise<boolean>;
}

/** One argument of a call, evaluated only when the function asks (IIF and Switch evaluate one branch). */
export interface Arg {
  /** False for a blank optional argument, as in `Replace([mail], "@x", , , "", , )`. */
  provided: boolean;
  node: ExprNode | null;
  /** The argument's value (computed once); null for a blank argument. */
  value(): Value;
}

/** What a function may do beyond returning a value. */
export interface CallEnv {
  ctx: EvalContext;
  /** IgnoreFlowIfNullOrEmpty: the target attribute must not flow. */
  ignoreFlow(): void;
  /** Redact: the value flows, but logs must show "[Redact]". */
  redact(): void;
}

/** One parameter as the catalogue and the argument checks see it. */
export interface ParamDef {
  name: string;
  required: boolean;
  /** Part of a group that may repeat (Join's sources, Switch's key/value pairs). */
  repeats?: boolean;
}

/** A static complaint about an argument found before evaluation: which argument (index) and what is wrong. */
export interface ArgumentProblem {
  index: number;
  message: string;
}

/** One function of the expression language. */
export interface FunctionDef {
  name: string;
  description: string;
  params: ParamDef[];
  minArgs: number;
  maxArgs: number;
  /** Extra count rule (Switch takes an even number of arguments); the text says what is expected. */
  countRule?: { test: (count: number) => boolean; text: string };
  /** Checks arguments that are literals or blanks (Replace's mode, DateAdd's interval, a regex) before any evaluation. */
  check?: (args: (ExprNode | null)[]) => ArgumentProblem | undefined;
  call(args: Arg[], env: CallEnv): Value;
}

/** Shorthand for parameters: `name` required, `name?` optional, `name*` required and repeating, `name?*` optional repeating. */
function param(spec: string): ParamDef {
  const repeats = spec.endsWith('*');
  const bare = repeats ? spec.slice(0, -1) : spec;
  const optional = bare.endsWith('?');
  return { name: optional ? bare.slice(0, -1) : bare, required: !optional, ...(repeats ? { repeats } : {}) };
}

/** Defines a function from a compact parameter list; the counts follow from the parameters unless given. */
export function defineFunction(
  name: string,
  description: string,
  paramSpecs: string[],
  call: FunctionDef['call'],
  extra: Partial<Pick<FunctionDef, 'minArgs' | 'maxArgs' | 'countRule' | 'check'>> = {},
): FunctionDef {
  const params = paramSpecs.map(param);
  const lastRequired = params.reduce((last, p, i) => (p.required ? i : last), -1);
  return {
    name,
    description,
    params,
    minArgs: lastRequired + 1,
    maxArgs: params.some((p) => p.repeats) ? Number.POSITIVE_INFINITY : params.length,
    call,
    ...extra,
  };
}

/** The parameter an argument position stands for; positions past the list cycle through the repeating group. */
export function paramAt(def: FunctionDef, index: number): ParamDef | undefined {
  if (index < def.params.length) return def.params[index];
  const first = def.params.findIndex((p) => p.repeats);
  if (first < 0) return undefined;
  const group = def.params.filter((p) => p.repeats).length;
  return def.params[first + ((index - first) % group)];
}

/** Describes a function's accepted argument count for messages: `3 arguments (source, start, length)`. */
export function describeArity(def: FunctionDef): string {
  const names = def.params.map((p) => (p.repeats ? `${p.name}…` : p.name)).join(', ');
  if (def.countRule) return `${def.countRule.text} (${names})`;
  const plural = (n: number) => `${n} argument${n === 1 ? '' : 's'}`;
  if (def.maxArgs === Number.POSITIVE_INFINITY) return `at least ${plural(def.minArgs)} (${names})`;
  if (def.minArgs === def.maxArgs) return def.maxArgs === 0 ? 'no arguments' : `${plural(def.maxArgs)} (${names})`;
  return `${def.minArgs} to ${plural(def.maxArgs)} (${names})`;
}

/** True when a call's argument count suits the function. */
export function arityAccepts(def: FunctionDef, count: number): boolean {
  return count >= def.minArgs && count <= def.maxArgs && (def.countRule?.test(count) ?? true);
}

/** The literal text of an argument when it is a string constant, for static checks. */
export function literalText(node: ExprNode | null | undefined): string | undefined {
  return node?.type === 'string' ? node.value : undefined;
}
