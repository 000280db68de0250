// The expression language of attribute mappings (Entra ID's syntax and function library): the one import for the engine.

/** The parsed tree. */
export type { CallNode, AttributeNode, CompareNode, CompareOperator, ConstantNode, ExprNode, LogicalNode, NumberNode, StringNode } from './expr-node.js';
/** Parsing and printing. */
export { MAX_EXPRESSION_DEPTH, expressionSource, parseExpression } from './parse-expression.js';
export { formatExpression } from './format-expression.js';
/** Checking against the function library and the source attributes. */
export { validateExpression, type ValidateOptions } from './validate-expression.js';
/** Evaluating for one source object. */
export { evaluateExpression, type EvalResult } from './evaluate-expression.js';
export type { EvalContext } from './function-types.js';
/** The function list for the console. */
export { functionCatalogue, type FunctionInfo } from './function-catalogue.js';
/** The error type and length limit shared with mapping paths. */
export { ExpressionError, MAX_EXPRESSION_LENGTH, isExpressionError } from '../mapping-errors.js';
