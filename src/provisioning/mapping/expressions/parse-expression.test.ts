import { describe, expect, it } from 'vitest';
import { expressionErrorOf } from '../../../../test/support/expression-error-of.js';
import { seededRandom } from '../../../../test/support/expression-eval.js';
import { isExpressionError } from '../mapping-errors.js';
import type { ExprNode } from './expr-node.js';
import { formatExpression } from './format-expression.js';
import { parseExpression } from './parse-expression.js';

/** Drops positions so trees compare by shape. */
function shape(node: ExprNode | null): unknown {
  if (node === null) return null;
  switch (node.type) {
    case 'call':
      return { call: node.name, args: node.args.map(shape) };
    case 'attribute':
      return { attr: node.name };
    case 'string':
    case 'number':
      return node.value;
    case 'constant':
      return { constant: node.name };
    default:
      return { [node.op]: [shape(node.left), shape(node.right)] };
  }
}

const parse = (text: string) => shape(parseExpression(text));

/** Every expression the function reference shows (as its markdown source writes them). */
const DOC_EXAMPLES = [
  'Append([userPrincipalName], ".test")',
  'BitAnd(&HF, &HF7)',
  'CBool([attribute1] = [attribute2])',
  'CDate([StatusHireDate])',
  'Coalesce([mail],[userPrincipalName])',
  'ConvertToBase64("Hello world!")',
  'CStr([dn])',
  'DateAdd("d", 7, CDate([StatusHireDate]))',
  'DateDiff("d", Now(), CDate([StatusHireDate]))',
  'Switch([Active], , \n  "1", IIF(DateDiff("d", Now(), CDate([StatusHireDate])) > 5, "False", "True"), \n  "0", "False")',
  'DateFromNum(129699324000000000)',
  'FormatDateTime([extensionAttribute1], , "yyyyMMddHHmmss.fZ", "yyyy-MM-dd")',
  'IgnoreFlowIfNullOrEmpty(Switch([prefix], "", "3443", "Dr.", "3444", "Prof.", "3445", "Prof. Dr."))',
  'IIF([country]="USA",[country],[department])',
  'IIF([country]="USA",IIF([state]="CA","True","False"),"False")',
  'InStr("repEated","e",3,vbBinaryCompare)',
  'Switch(IsPresent([directManager]),[directManager], IsPresent([skiplevelManager]),[skiplevelManager], IsPresent([director]),[director])',
  'Item([proxyAddresses], 1)',
  'Left("John Doe", 3)',
  'NumFromDate(Join("", FormatDateTime([ContractEndDate], ,"yyyy-MM-ddzzz", "yyyy-MM-dd"), " 23:59:59-08:00"))',
  'PCase([lastName]," \'-")',
  'RandomString(10,2,2,2,1,"?,")',
  'Redact(RandomString(6,3,0,0,3))',
  'Replace([BusinessTitle],"Product Developer", , , "Software Engineer", , )',
  'Replace([telephoneNumber], , "\\\\+(?<isdCode>\\\\d* )(?<phoneNumber>\\\\d{10})", "phoneNumber" , , [mobile], )',
  'SelectUniqueValue( \n    Join("@", NormalizeDiacritics(StripSpaces(Join(".",  [PreferredFirstName], [PreferredLastName]))), "contoso.com"), \n    Join("@", NormalizeDiacritics(StripSpaces(Join(".",  Mid([PreferredFirstName], 1, 1), [PreferredLastName]))), "contoso.com")\n)',
  'Split([extensionAttribute5], ",")',
  'Switch(ToLower([statusFlag]), "0", "true", "1", "false", "0")',
  'switch([companyName], "External", "Company A", "A", "Company B", "B")',
  'Word("This,string!has&many separators",3,",!&#")',
  'Replace([mail], "@contoso.com", , ,"", ,)',
  'Join("", 1000, Replace(ConvertToUTF8Hex([objectId]), , "[a-zA-Z_]*", , "", , ))',
  'Guid()',
];

describe('parseExpression', () => {
  it.each(DOC_EXAMPLES)('parses the documented expression %j', (text) => {
    expect(() => parseExpression(text)).not.toThrow();
  });

  it('builds calls, attributes, strings, numbers and hex literals', () => {
    expect(parse('Mid([userPrincipalName], 1, 8)')).toEqual({ call: 'Mid', args: [{ attr: 'userPrincipalName' }, 1, 8] });
    expect(parse('BitAnd(&HF, &hf7)')).toEqual({ call: 'BitAnd', args: [15, 247] });
    expect(parse('DateAdd("d", -10, Now())')).toEqual({ call: 'DateAdd', args: ['d', -10, { call: 'Now', args: [] }] });
    expect(parse('f(2.5, .5, 1e3)')).toEqual({ call: 'f', args: [2.5, 0.5, 1000] });
    expect(parse('[mail]')).toEqual({ attr: 'mail' });
    expect(parse('"constant"')).toEqual('constant');
  });

  it('decodes \\" and \\\\ in strings and keeps other backslashes as written', () => {
    expect(parse('"Company name: \\"Contoso\\""')).toBe('Company name: "Contoso"');
    expect(parse('"a\\\\b"')).toBe('a\\b');
    expect(parse('"\\d+"')).toBe('\\d+');
    expect(parse('""')).toBe('');
  });

  it('reads blank optional arguments as null, and () as no arguments', () => {
    expect(parse('Switch([a],,"x","y")')).toEqual({ call: 'Switch', args: [{ attr: 'a' }, null, 'x', 'y'] });
    expect(parse('Replace([mail], "@x", , ,"", ,)')).toEqual({ call: 'Replace', args: [{ attr: 'mail' }, '@x', null, null, '', null, null] });
    expect(parse('f(,)')).toEqual({ call: 'f', args: [null, null] });
    expect(parse('f( )')).toEqual({ call: 'f', args: [] });
  });

  it('reads SCIM paths with value filters inside attribute brackets', () => {
    expect(parse('[emails[type eq "work"].value]')).toEqual({ attr: 'emails[type eq "work"].value' });
    expect(parse('[ a[b eq "]"].c ]')).toEqual({ attr: 'a[b eq "]"].c' });
  });

  it('parses comparisons, AND and OR with the usual precedence, and parentheses', () => {
    expect(parse('IIF([a]="x" AND [b]<>"y" OR [c]>=1, 1, 0)')).toEqual({
      call: 'IIF',
      args: [{ OR: [{ AND: [{ '=': [{ attr: 'a' }, 'x'] }, { '<>': [{ attr: 'b' }, 'y'] }] }, { '>=': [{ attr: 'c' }, 1] }] }, 1, 0],
    });
    expect(parse('([a]="x" or [b]="y") and [c]<=2')).toEqual({
      AND: [{ OR: [{ '=': [{ attr: 'a' }, 'x'] }, { '=': [{ attr: 'b' }, 'y'] }] }, { '<=': [{ attr: 'c' }, 2] }],
    });
    expect(parse('[a] < [b]')).toEqual({ '<': [{ attr: 'a' }, { attr: 'b' }] });
  });

  it('reads the named constants', () => {
    expect(parse('InStr("a","A",1,vbTextCompare)')).toEqual({ call: 'InStr', args: ['a', 'A', 1, { constant: 'vbTextCompare' }] });
    expect(parse('IIF(true, False, TRUE)')).toEqual({ call: 'IIF', args: [{ constant: 'True' }, { constant: 'False' }, { constant: 'True' }] });
  });

  it('records where each node stands', () => {
    const node = parseExpression('  Append([a], "b")');
    expect(node).toMatchObject({ start: 2, end: 18 });
    if (node.type !== 'call') throw new Error('expected a call');
    expect(node.args[0]).toMatchObject({ start: 9, end: 12 });
    expect(node.args[1]).toMatchObject({ start: 14, end: 17 });
  });

  it.each([
    ['Append([a] "b")', 11, '"," or ")"', 'expected "," or ")" at position 11, found string "b"'],
    ['Append([a], "b"]', 15, '"," or ")"', 'expected "," or ")" at position 15, found "]"'],
    ['Append([a], "b"', 15, '"," or ")"', 'expected "," or ")" at position 15, found end of input'],
    ['Append([a, "b")', 15, '"]" to close "[" at position 7', 'expected "]" to close "[" at position 7 at position 15, found end of input'],
    ['Append("abc', 11, `'"' to close the string started at position 7`, undefined],
    ['Append(mail, "x")', 11, '"("', 'expected "(" at position 11, found "," (a function name is followed by "(", an attribute is written in brackets: [mail])'],
    ['Append([], "x")', 8, 'an attribute name', undefined],
    ['BitAnd(&H, 1)', 9, 'hexadecimal digits after "&H"', undefined],
    ['IIF(AND [a]="x", 1, 0)', 4, 'a function call, an [attribute], a "string" or a number before "AND"', undefined],
    ['Append([a], "b") x', 17, 'an operator, "AND", "OR" or the end of the expression', undefined],
    ['', 0, 'a function call, an [attribute], a "string" or a number', 'expected a function call, an [attribute], a "string" or a number at position 0, found end of input'],
    ['(Now()', 6, '")" to close "(" at position 0', undefined],
    ['IIF([a] = , 1, 0)', 10, 'a function call, an [attribute], a "string" or a number', undefined],
  ])('reports %j at position %i, expecting %s', (text, position, expected, message) => {
    const err = expressionErrorOf(() => parseExpression(text));
    expect(err.code).toBe('syntax');
    expect(err.position).toBe(position);
    expect(err.expected).toBe(expected);
    if (message) expect(err.message).toBe(message);
  });

  it('gives line and column in multi-line expressions', () => {
    const err = expressionErrorOf(() => parseExpression('Switch([a], ,\n  "1", "x"\n  "0", "y")'));
    expect(err).toMatchObject({ position: 27, line: 3, column: 3 });
    expect(err.message).toMatch(/at line 3, column 3 \(position 27\)/);
  });

  it('refuses more than 10,000 characters and deep nesting', () => {
    expect(expressionErrorOf(() => parseExpression(`"${'x'.repeat(10_000)}"`)).code).toBe('tooLong');
    expect(() => parseExpression(`"${'x'.repeat(9_998)}"`)).not.toThrow();
    const deep = `${'ToLower('.repeat(101)}[a]${')'.repeat(101)}`;
    expect(expressionErrorOf(() => parseExpression(deep)).message).toMatch(/at most 100 levels of nesting/);
    expect(() => parseExpression(`${'ToLower('.repeat(100)}[a]${')'.repeat(100)}`)).not.toThrow();
  });

  it('prints trees that parse back to the same tree', () => {
    for (const text of [...DOC_EXAMPLES, 'IIF(([a]="x" OR [b]="y") AND NOT([c]), "\\"q\\" \\\\", -1.5)', '[a] = ([b] = [c])']) {
      const tree = parse(text);
      expect(parse(formatExpression(parseExpression(text)))).toEqual(tree);
    }
  });

  it('throws nothing but ExpressionErrors on random input', () => {
    const random = seededRandom(7);
    const alphabet = ['Append(', 'IIF(', '[a]', '[', ']', '(', ')', ',', '"x"', '"', '\\', '=', '<>', ' AND ', ' OR ', '&H', '&HF', '1', '-', '.', ' ', '\n', 'x'];
    for (let i = 0; i < 3000; i++) {
      const text = Array.from({ length: Math.floor(random() * 12) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      try {
        parseExpression(text);
      } catch (err) {
        expect(isExpressionError(err), `${JSON.stringify(text)} threw ${String(err)}`).toBe(true);
      }
    }
  });
});
