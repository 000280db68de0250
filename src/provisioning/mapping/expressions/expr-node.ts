/** Where a node stands in the expression text: 0-based offsets, end exclusive. */
interface Span {
  start: number;
  end: number;
}

/** `Name(arg, , arg)`: a function call; a blank optional argument is null. */
export interface CallNode extends Span {
  type: 'call';
  /** The name as written (functions are found case-insensitively). */
  name: string;
  args: (ExprNode | null)[];
}

/** `[attributeName]`: a source attribute, an Entra alias or a SCIM path such as `[emails[type eq "work"].value]`. */
export interface AttributeNode extends Span {
  type: 'attribute';
  name: string;
}

/** `"text"` with `\"` and `\\` decoded. */
export interface StringNode extends Span {
  type: 'string';
  value: string;
}

/** `42`, `-10`, `2.5`, or a `&HF7` hex literal. */
export interface NumberNode extends Span {
  type: 'number';
  value: number;
}

/** A named constant: `vbTextCompare`, `vbBinaryCompare`, `True`, `False`. */
export interface ConstantNode extends Span {
  type: 'constant';
  name: 'vbTextCompare' | 'vbBinaryCompare' | 'True' | 'False';
}

/** The comparison operators Entra allows in IIF and CBool conditions. */
export type CompareOperator = '=' | '<>' | '<' | '<=' | '>' | '>=';

/** `[country]="USA"`: a comparison, true or false. */
export interface CompareNode extends Span {
  type: 'compare';
  op: CompareOperator;
  left: ExprNode;
  right: ExprNode;
}

/** `a AND b`, `a OR b`: scimkit's addition to Entra's conditions (Entra has to nest IIFs). */
export interface LogicalNode extends Span {
  type: 'logical';
  op: 'AND' | 'OR';
  left: ExprNode;
  right: ExprNode;
}

/** A parsed expression, the tree validation and evaluation walk. */
export type ExprNode = CallNode | AttributeNode | StringNode | NumberNode | ConstantNode | CompareNode | LogicalNode;
