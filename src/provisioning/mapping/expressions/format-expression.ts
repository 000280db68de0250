import type { ExprNode } from './expr-node.js';

/** Binding strength: OR is loosest, AND tighter, comparisons tighter still, operands atomic. */
function rank(node: ExprNode): number {
  if (node.type === 'logical') return node.op === 'OR' ? 1 : 2;
  return node.type === 'compare' ? 3 : 4;
}

function child(node: ExprNode, min: number): string {
  const text = formatExpression(node);
  return rank(node) < min ? `(${text})` : text;
}

/** Prints a tree in canonical syntax (for logs, exports and tests); parsing the result gives an equal tree. */
export function formatExpression(node: ExprNode): string {
  switch (node.type) {
    case 'call':
      return `${node.name}(${node.args.map((a) => (a === null ? '' : formatExpression(a))).join(', ')})`;
    case 'attribute':
      return `[${node.name}]`;
    case 'string':
      return `"${node.value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
    case 'number':
      return String(node.value);
    case 'constant':
      return node.name;
    case 'compare':
      return `${child(node.left, 4)} ${node.op} ${child(node.right, 4)}`;
    case 'logical': {
      const r = rank(node);
      return `${child(node.left, r)} ${node.op} ${child(node.right, r + 1)}`;
    }
  }
}
