// How unusual a parsed candidate's code is near the repair. A wrong repair usually parses into something a
// person rarely writes (a comma expression outside `for`, an assignment as a call argument, a statement that
// does nothing); the author's program does not.

interface Node {
  type: string;
  start: number;
  end: number;
  extra?: { parenthesized?: boolean };
  [key: string]: unknown;
}

/** Penalties for constructs that are legal but rare in hand-written code. */
export const ODDITY_WEIGHTS = {
  sequence: 2,
  assignmentInArgument: 2,
  assignmentInTest: 1,
  uselessStatement: 2.5,
  redundantParens: 1.5,
  callOnNewLine: 2,
  curriedCall: 0.5,
  label: 2,
  looseBlock: 1.5,
  emptyStatement: 0.3,
  emptyBody: 1.5,
};

const SKIP_KEYS = new Set(['loc', 'start', 'end', 'extra', 'leadingComments', 'trailingComments', 'innerComments', 'range', 'tokens', 'comments', 'errors']);

/** Sums the oddities of the nodes that overlap [from, to] in a program. */
export function oddityCost(program: unknown, text: string, from: number, to: number): number {
  let cost = 0;
  const visit = (node: Node, parent: Node | undefined, key: string) => {
    if (node.end < from || node.start > to) return;
    cost += oddityOf(node, parent, key, text);
    for (const k in node) {
      if (SKIP_KEYS.has(k)) continue;
      const v = node[k];
      if (Array.isArray(v)) {
        for (const c of v) if (isNode(c)) visit(c, node, k);
      } else if (isNode(v)) {
        visit(v, node, k);
      }
    }
  };
  if (isNode(program)) visit(program, undefined, '');
  return cost;
}

function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && typeof (v as Node).type === 'string' && typeof (v as Node).start === 'number';
}

const USEFUL_STATEMENT_EXPRESSIONS = new Set([
  'CallExpression', 'OptionalCallExpression', 'AssignmentExpression', 'UpdateExpression', 'AwaitExpression', 'YieldExpression',
  'NewExpression', 'TaggedTemplateExpression', 'ImportExpression', 'SequenceExpression', 'LogicalExpression', 'ConditionalExpression',
]);
const SIMPLE_EXPRESSIONS = new Set([
  'Identifier', 'StringLiteral', 'NumericLiteral', 'BooleanLiteral', 'NullLiteral', 'ThisExpression', 'MemberExpression',
  'CallExpression', 'NewExpression', 'OptionalMemberExpression', 'OptionalCallExpression', 'TemplateLiteral', 'RegExpLiteral',
]);

function oddityOf(node: Node, parent: Node | undefined, key: string, text: string): number {
  const W = ODDITY_WEIGHTS;
  let cost = 0;
  switch (node.type) {
    case 'SequenceExpression':
      if (!node.extra?.parenthesized && !(parent?.type === 'ForStatement' && key !== 'test')) cost += W.sequence;
      break;
    case 'AssignmentExpression':
      if (!node.extra?.parenthesized && parent && (key === 'arguments' || key === 'elements')) cost += W.assignmentInArgument;
      if (!node.extra?.parenthesized && key === 'test') cost += W.assignmentInTest;
      break;
    case 'ExpressionStatement':
      if (!isUseful(node.expression as Node)) cost += W.uselessStatement;
      break;
    case 'CallExpression':
    case 'NewExpression':
      cost += callOddity(node, text);
      break;
    case 'MemberExpression':
      if (node.computed && startsLine(text, text.indexOf('[', (node.object as Node).end))) cost += W.callOnNewLine;
      break;
    case 'LabeledStatement':
      cost += W.label;
      break;
    case 'BlockStatement':
      if (parent && (parent.type === 'BlockStatement' || parent.type === 'Program') && key === 'body') cost += W.looseBlock;
      if ((key === 'consequent' || key === 'alternate' || (key === 'body' && parent?.type.endsWith('Statement'))) && (node.body as unknown[]).length === 0) cost += W.emptyBody;
      break;
    case 'EmptyStatement':
      if (key === 'body' && parent && (parent.type === 'BlockStatement' || parent.type === 'Program')) cost += W.emptyStatement;
      break;
  }
  if (node.extra?.parenthesized && SIMPLE_EXPRESSIONS.has(node.type) && !(parent?.type === 'ArrowFunctionExpression')) cost += W.redundantParens;
  return cost;
}

function isUseful(e: Node | undefined): boolean {
  if (!e) return true;
  if (USEFUL_STATEMENT_EXPRESSIONS.has(e.type)) return true;
  if (e.type === 'UnaryExpression') return e.operator === 'delete' || e.operator === 'void' || isUseful(e.argument as Node);
  return false;
}

function callOddity(node: Node, text: string): number {
  const W = ODDITY_WEIGHTS;
  const callee = node.callee as Node;
  if (!callee || node.type === 'NewExpression') return 0;
  let cost = 0;
  const paren = text.indexOf('(', callee.end);
  if (paren >= 0 && paren < node.end && /\n/.test(text.slice(callee.end, paren))) cost += W.callOnNewLine;
  if (callee.type === 'CallExpression' && !callee.extra?.parenthesized) cost += W.curriedCall;
  return cost;
}

function startsLine(text: string, offset: number): boolean {
  for (let i = offset - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 10) return true;
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}
