import type { ResourceKind } from '../../../scim/schema/types.js';
import { expressionError, type ExpressionError } from '../mapping-errors.js';
import { closestName } from './closest-name.js';
import type { CallNode, ExprNode } from './expr-node.js';
import { findFunction, functionLibrary, SELECT_UNIQUE_VALUE } from './function-library.js';
import { arityAccepts, describeArity, paramAt } from './function-types.js';
import { expressionSource } from './parse-expression.js';

/** What validation needs to know about the source object kind the expression will read. */
export interface ValidateOptions {
  kind: ResourceKind;
  /** True when the name in brackets is an attribute of that kind (Entra alias or SCIM path). */
  isKnownAttribute(name: string): boolean;
  /** Attribute names to suggest from when one is misspelt ("did you mean"). */
  attributeNames?: readonly string[];
}

const FUNCTION_NAMES = functionLibrary.map((f) => f.name);

/**
 * Checks a parsed expression against the function library and the source attributes: unknown functions (with a
 * suggestion), wrong argument counts, blank required arguments, impossible Replace modes, invalid literal regexes,
 * formats and intervals, a nested SelectUniqueValue, unknown attributes. Returns every problem found, in text order.
 */
export function validateExpression(root: ExprNode, options: ValidateOptions): ExpressionError[] {
  const text = expressionSource(root);
  const problems: ExpressionError[] = [];

  const visitCall = (node: CallNode, isRoot: boolean) => {
    const def = findFunction(node.name);
    if (!def) {
      problems.push(expressionError.unknownFunction(text, node.start, node.name, closestName(node.name, FUNCTION_NAMES)));
      return;
    }
    if (def.name === SELECT_UNIQUE_VALUE && !isRoot) {
      problems.push(expressionError.invalidArgument(text, node.start, 'SelectUniqueValue must be the whole expression; it cannot be nested'));
    }
    if (!arityAccepts(def, node.args.length)) {
      problems.push(expressionError.argumentCount(text, node.start, def.name, describeArity(def), node.args.length));
      return;
    }
    node.args.forEach((arg, i) => {
      const param = paramAt(def, i);
      if (arg === null && param?.required) {
        problems.push(expressionError.invalidArgument(text, node.start, `${def.name}: argument ${i + 1} (${param.name}) is required but blank`));
      }
    });
    const problem = def.check?.(node.args);
    if (problem) {
      const at = node.args[problem.index]?.start ?? node.start;
      problems.push(expressionError.invalidArgument(text, at, `${def.name}: ${problem.message}`));
    }
  };

  const visit = (node: ExprNode | null, isRoot: boolean) => {
    if (node === null) return;
    switch (node.type) {
      case 'call':
        visitCall(node, isRoot);
        node.args.forEach((a) => visit(a, false));
        return;
      case 'attribute':
        if (!options.isKnownAttribute(node.name)) {
          const suggestion = options.attributeNames ? closestName(node.name, options.attributeNames) : undefined;
          problems.push(expressionError.unknownAttribute(text, node.start, node.name, options.kind, suggestion));
        }
        return;
      case 'compare':
      case 'logical':
        visit(node.left, false);
        visit(node.right, false);
        return;
      default:
        return;
    }
  };

  visit(root, true);
  return problems.sort((a, b) => a.position - b.position);
}
