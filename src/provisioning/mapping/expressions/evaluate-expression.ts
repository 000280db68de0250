import type { ExprValue } from '../expr-value.js';
import { expressionError, isExpressionError } from '../mapping-errors.js';
import { compareOperands } from './compare-operands.js';
import type { CallNode, ExprNode } from './expr-node.js';
import { findFunction, SELECT_UNIQUE_VALUE } from './function-library.js';
import { arityAccepts, describeArity, type Arg, type CallEnv, type EvalContext } from './function-types.js';
import { expressionSource } from './parse-expression.js';
import { booleanOf, isNullOrEmpty, textOf, toExprValue, type Value } from './values.js';

/** The outcome of one expression for one object: the value, and whether it must not flow or must be hidden in logs. */
export interface EvalResult {
  value: ExprValue;
  /** IgnoreFlowIfNullOrEmpty fired: leave the target attribute out of the request. */
  ignoreFlow?: true;
  /** Redact was used: logs show "[Redact]" instead of the value. */
  redacted?: true;
}

const CONSTANT_VALUES: Record<string, Value> = { vbTextCompare: 1, vbBinaryCompare: 0, True: true, False: false };

/** An argument evaluated on first use, at most once (a class, not a closure per argument: calls are the hot path). */
class LazyArg implements Arg {
  private done = false;
  private cached: Value = null;

  constructor(
    private readonly run: Evaluation,
    readonly node: ExprNode | null,
  ) {}

  get provided(): boolean {
    return this.node !== null;
  }

  value(): Value {
    if (!this.done) {
      this.cached = this.node === null ? null : this.run.eval(this.node);
      this.done = true;
    }
    return this.cached;
  }
}

/** One evaluation: walks the tree synchronously, collecting the flow and redaction flags. */
class Evaluation implements CallEnv {
  ignore = false;
  redacted = false;
  readonly text: string;

  constructor(
    root: ExprNode,
    readonly ctx: EvalContext,
  ) {
    this.text = expressionSource(root);
  }

  ignoreFlow(): void {
    this.ignore = true;
  }

  redact(): void {
    this.redacted = true;
  }

  /** Wraps anything a function throws (bad date, bad regex, wrong type) as an ExpressionError at the call. */
  private failAt(node: ExprNode, name: string, err: unknown): never {
    if (isExpressionError(err)) throw err;
    throw expressionError.evaluation(this.text, node.start, `${name}: ${(err as Error).message ?? String(err)}`);
  }

  eval(node: ExprNode): Value {
    switch (node.type) {
      case 'string':
      case 'number':
        return node.value;
      case 'constant':
        return CONSTANT_VALUES[node.name];
      case 'attribute':
        return this.ctx.attribute(node.name) ?? null;
      case 'compare':
        try {
          return compareOperands(node.op, this.eval(node.left), this.eval(node.right));
        } catch (err) {
          return this.failAt(node, `the comparison ${node.op}`, err);
        }
      case 'logical': {
        try {
          const left = booleanOf(this.eval(node.left));
          if (node.op === 'AND' ? !left : left) return left;
          return booleanOf(this.eval(node.right));
        } catch (err) {
          return this.failAt(node, node.op, err);
        }
      }
      case 'call':
        return this.call(node);
    }
  }

  private call(node: CallNode): Value {
    const def = findFunction(node.name);
    if (!def) throw expressionError.evaluation(this.text, node.start, `unknown function "${node.name}"`);
    if (!arityAccepts(def, node.args.length)) {
      throw expressionError.argumentCount(this.text, node.start, def.name, describeArity(def), node.args.length);
    }
    const args: Arg[] = [];
    for (let i = 0; i < Math.max(node.args.length, def.params.length); i++) args.push(new LazyArg(this, node.args[i] ?? null));
    try {
      return def.call(args, this);
    } catch (err) {
      return this.failAt(node, def.name, err);
    }
  }

  /** SelectUniqueValue: each rule in turn, the first non-empty value the target does not hold yet. */
  async selectUnique(node: CallNode): Promise<Value> {
    if (node.args.length < 2) throw expressionError.argumentCount(this.text, node.start, SELECT_UNIQUE_VALUE, 'at least 2 arguments (uniqueValueRule…)', node.args.length);
    const check = this.ctx.isUniqueInTarget;
    if (!check) throw expressionError.evaluation(this.text, node.start, 'SelectUniqueValue: this evaluation cannot check the target for unique values');
    const tried: string[] = [];
    for (const rule of node.args) {
      const v = rule === null ? null : this.eval(rule);
      if (isNullOrEmpty(v)) continue;
      const text = textOf(v)!;
      tried.push(text);
      if (await check.call(this.ctx, text)) return text;
    }
    throw expressionError.evaluation(this.text, node.start, `SelectUniqueValue: every candidate value is already taken in the target (${tried.map((t) => JSON.stringify(t)).join(', ')})`);
  }
}

/**
 * Evaluates a parsed expression for one source object. Returns the value (DateTimes as Entra's `M/d/yyyy h:mm:ss tt`
 * text) with the IgnoreFlowIfNullOrEmpty and Redact flags; throws an ExpressionError (code evaluation) naming the call that failed.
 */
export async function evaluateExpression(node: ExprNode, ctx: EvalContext): Promise<EvalResult> {
  const run = new Evaluation(node, ctx);
  const isSelect = node.type === 'call' && findFunction(node.name)?.name === SELECT_UNIQUE_VALUE;
  const value = isSelect ? await run.selectUnique(node as CallNode) : run.eval(node);
  return {
    value: toExprValue(value),
    ...(run.ignore ? { ignoreFlow: true as const } : {}),
    ...(run.redacted ? { redacted: true as const } : {}),
  };
}
