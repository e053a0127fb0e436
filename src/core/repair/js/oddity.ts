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
const ODDITY_WEIGHTS = {
  sequence: 2,
  assignmentInArgument: 2,
  assignmentInTest: 1,
  uselessStatement: 2.5,
  redundantParens: 1.5,
  wholeValueParens: 1,
  callOnNewLine: 2,
  curriedCall: 1,
  label: 2,
  looseBlock: 1.5,
  emptyStatement: 0.8,
  typeWordName: 2,
  emptyBody: 1.5,
  unknownDirective: 2.5,
  stringArithmetic: 2.5,
  literalCallee: 3,
  neverCalled: 2,
  arity: 1.5,
  oddCallee: 2.5,
  mixedTyping: 1.5,
  booleanKey: 1.5,
  constantTest: 2,
  stringMember: 2.5,
  objectMember: 1,
  arrayMember: 2,
  predicateMember: 1.5,
  typeofTest: 1.5,
  unknownShorthand: 1.5,
  untypedParam: 1,
  lowercaseType: 1.5,
  selfMember: 2,
  nullMember: 3,
  uncalledMethod: 1,
  doubleParens: 1.5,
  bareNew: 1,
  samePrecedenceParens: 2.5,
  predicateOfLogic: 2.5,
  parenthesizedKeywordType: 2.5,
  assignmentToCall: 4,
  comparedLogic: 2,
  bitwiseMix: 2,
  adjacentStrings: 1.5,
  keywordQualifiedType: 2.5,
  inString: 2.5,
  lopsidedParens: 1.5,
  iifeOperand: 2,
  assignedTested: 2,
  capitalParam: 1.5,
  typeLabel: 2,
  loneUnion: 2,
  angleAssertion: 1,
  oddReturnType: 1.5,
  literalBitwise: 1.5,
  trailingEmpty: 1,
  pastEnd: 2,
  leakedParam: 2,
  inlineTrailingComma: 1.5,
  bareArrowParam: 1.5,
  mixedTable: 1.5,
  stringListCall: 2,
  calledArrow: 2,
  lookupOfAnd: 2,
  chainedComparison: 2.5,
  truthyOperand: 2.5,
  arrayArithmetic: 2,
  builtinArity: 2,
  nestedIndexType: 1.5,
  untypedMember: 1.5,
};

/** Built-in methods that code calls and hardly ever reads as a value. */
const ALWAYS_CALLED = new Set(['push', 'pop', 'shift', 'unshift', 'splice', 'toLowerCase', 'toUpperCase', 'trim', 'charCodeAt', 'hasOwnProperty', 'forEach']);

/** Values that are always truthy: as an operand of `&&` or `||` they decide nothing. */
const ALWAYS_TRUTHY = new Set(['ArrowFunctionExpression', 'FunctionExpression', 'ClassExpression', 'ObjectExpression', 'ArrayExpression', 'NewExpression']);

/** The most arguments well-known built-ins take: more than that, and a closer came too late. */
const BUILTIN_MAX_ARITY = new Map<string, number>([
  ['Math.ceil', 1], ['Math.floor', 1], ['Math.round', 1], ['Math.abs', 1], ['Math.sqrt', 1], ['Math.log', 1], ['Math.trunc', 1], ['Math.sign', 1], ['Math.pow', 2],
  ['Object.keys', 1], ['Object.values', 1], ['Object.entries', 1], ['Object.freeze', 1], ['Object.getPrototypeOf', 1], ['Object.getOwnPropertyNames', 1],
  ['Object.getOwnPropertySymbols', 1], ['Object.isFrozen', 1], ['Object.create', 2], ['Object.is', 2], ['Array.isArray', 1], ['Array.from', 3],
  ['Number.isInteger', 1], ['Number.isFinite', 1], ['Number.isNaN', 1], ['Number.isSafeInteger', 1], ['Buffer.isBuffer', 1], ['Buffer.isEncoding', 1],
  ['Buffer.byteLength', 2], ['JSON.parse', 2], ['JSON.stringify', 3], ['Promise.resolve', 1], ['Promise.reject', 1], ['Promise.all', 1],
  ['String', 1], ['Number', 1], ['Boolean', 1], ['isNaN', 1], ['isFinite', 1], ['parseFloat', 1], ['parseInt', 2], ['encodeURIComponent', 1],
  ['decodeURIComponent', 1], ['encodeURI', 1], ['decodeURI', 1],
]);

/** What code reads off a string literal (`'a,b'.split(',')`); anything else off one is a misplaced quote. */
const STRING_METHODS = new Set([
  'length', 'split', 'replace', 'replaceAll', 'concat', 'charAt', 'charCodeAt', 'codePointAt', 'indexOf', 'lastIndexOf', 'slice',
  'substr', 'substring', 'toUpperCase', 'toLowerCase', 'trim', 'trimStart', 'trimEnd', 'repeat', 'padStart', 'padEnd', 'match',
  'matchAll', 'startsWith', 'endsWith', 'includes', 'localeCompare', 'normalize', 'at', 'search', 'toString', 'valueOf',
]);

/** What people call: names, members, calls (curried), functions (IIFE), `(0, f)` and the like. */
const CALLABLE = new Set([
  'Identifier', 'MemberExpression', 'OptionalMemberExpression', 'CallExpression', 'OptionalCallExpression', 'FunctionExpression',
  'ArrowFunctionExpression', 'SequenceExpression', 'Import', 'Super', 'ConditionalExpression', 'TSNonNullExpression', 'TSAsExpression',
  'TaggedTemplateExpression', 'AwaitExpression', 'TypeCastExpression', 'TSTypeAssertion',
]);

/**
 * How often each name occurs in the file, how often as a callee, and with how many arguments: a name never
 * called elsewhere is rarely called at the repair, and a call usually has as many arguments as its siblings.
 */
export type NameUsage = Map<string, { uses: number; bare: number; calls: number; arities: Map<number, number>; members: number; closed: number }>;

/**
 * Counts the names of a token list, their calls (`name(`) and the argument counts of those calls, how often
 * each stands as a variable would (not `.name`, not `name:`), and how often each is read from directly
 * (`name.x`, `name[x]`) or directly followed by a closer (`name)`).
 */
export function nameUsage(tokens: { kind: string; value: string; start: number; end: number }[]): NameUsage {
  const usage: NameUsage = new Map();
  const open: { name?: string; commas: number; empty: boolean }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const inside = open[open.length - 1];
    if (inside && t.value !== ')') inside.empty = false;
    if (t.kind === 'name') {
      const u = usage.get(t.value) ?? { uses: 0, bare: 0, calls: 0, arities: new Map(), members: 0, closed: 0 };
      u.uses++;
      const next = tokens[i + 1];
      const prev = tokens[i - 1];
      if (prev?.value !== '.' && prev?.value !== '?.' && next?.value !== ':') u.bare++;
      if (next?.value === '(') u.calls++;
      if (next && next.start === t.end && (next.value === '.' || next.value === '[' || next.value === '?.')) u.members++;
      if (next && (next.value === ')' || next.value === ']')) u.closed++;
      usage.set(t.value, u);
    } else if (t.kind === 'punct') {
      if (t.value === '(' || t.value === '[' || t.value === '{' || t.value === '${') {
        const prev = tokens[i - 1];
        open.push({ name: t.value === '(' && prev?.kind === 'name' ? prev.value : undefined, commas: 0, empty: true });
      } else if (t.value === ',' && inside) {
        inside.commas++;
      } else if (t.value === ')' || t.value === ']' || t.value === '}') {
        const closed = open.pop();
        if (closed?.name) {
          const arities = usage.get(closed.name)!.arities;
          const n = closed.empty ? 0 : closed.commas + 1;
          arities.set(n, (arities.get(n) ?? 0) + 1);
        }
      }
    }
  }
  return usage;
}

const TYPE_WORDS = new Set(['number', 'string', 'boolean', 'any', 'unknown', 'never', 'object', 'bigint', 'symbol']);

const DIRECTIVES = new Set(['use strict', 'use client', 'use server', 'use asm']);

const SKIP_KEYS = new Set(['loc', 'start', 'end', 'extra', 'leadingComments', 'trailingComments', 'innerComments', 'range', 'tokens', 'comments', 'errors']);

/** What the oddity rules know about the file: its names, and whether it is TypeScript. */
export interface OddityContext {
  usage: NameUsage;
  typed: boolean;
  /** The file writes `(x) => …`, never `x => …` (prettier's default). */
  arrowParens: boolean;
}

/** Whether a file parenthesises every single arrow parameter: at least three `(x) =>`, at most one `x =>` (the one being repaired). */
export function usesArrowParens(text: string): boolean {
  const wrapped = text.match(/\(\s*[A-Za-z_$][\w$]*\s*(?::[^()=]*)?\)\s*=>/g)?.length ?? 0;
  const bare = text.match(/(?<![\w$.)])[A-Za-z_$][\w$]*\s*=>/g)?.length ?? 0;
  return wrapped >= 3 && bare <= 1;
}

/** Sums the oddities of the nodes that overlap [from, to] in a program. */
export function oddityCost(program: unknown, text: string, from: number, to: number, context: OddityContext): number {
  let cost = 0;
  const visit = (node: Node, parent: Node | undefined, key: string) => {
    if (node.end < from || node.start > to) return;
    cost += oddityOf(node, parent, key, text, context);
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
/** Places where parentheses around the whole value change nothing (`x = (a + b)`). */
const WHOLE_VALUE_SLOTS = new Set([
  'VariableDeclarator.init', 'ReturnStatement.argument', 'ThrowStatement.argument', 'AssignmentExpression.right',
  'CallExpression.arguments', 'NewExpression.arguments', 'ObjectProperty.value', 'ArrayExpression.elements',
]);
/** Values that keep their parentheses by custom: functions (IIFE), objects (`=> ({})`), comma expressions. */
const KEEPS_PARENS = new Set(['FunctionExpression', 'ArrowFunctionExpression', 'ObjectExpression', 'SequenceExpression', 'ClassExpression', 'AssignmentExpression', 'JSXElement', 'JSXFragment']);

const SIMPLE_EXPRESSIONS = new Set([
  'Identifier', 'StringLiteral', 'NumericLiteral', 'BooleanLiteral', 'NullLiteral', 'ThisExpression', 'MemberExpression',
  'CallExpression', 'NewExpression', 'OptionalMemberExpression', 'OptionalCallExpression', 'TemplateLiteral', 'RegExpLiteral',
  'TSInstantiationExpression',
]);

function oddityOf(node: Node, parent: Node | undefined, key: string, text: string, context: OddityContext): number {
  const W = ODDITY_WEIGHTS;
  const { usage } = context;
  let cost = 0;
  switch (node.type) {
    case 'SequenceExpression':
      // `(0, f)(x)` is an idiom; a comma expression anywhere else but a `for` head is rare.
      if (!(node.extra?.parenthesized && key === 'callee') && !(parent?.type === 'ForStatement' && key !== 'test')) cost += W.sequence;
      break;
    case 'AssignmentExpression':
      if (!node.extra?.parenthesized && parent && (key === 'arguments' || key === 'elements' || key === 'property')) cost += W.assignmentInArgument;
      if (!node.extra?.parenthesized && key === 'test') cost += W.assignmentInTest;
      // `f(a, b) = c` parses in sloppy scripts but always throws when run.
      if (/^(?:Optional)?CallExpression$/.test((node.left as Node).type)) cost += W.assignmentToCall;
      // `_a = x === null || _a === void 0 ? …`: a value that tests the variable it is being assigned to
      // was `(_a = x) === null || …`.
      if (testsName(node.right as Node, (node.left as Node & { name?: unknown }).name)) cost += W.assignedTested;
      break;
    case 'ExpressionStatement':
      if (!isUseful(node.expression as Node)) cost += W.uselessStatement;
      break;
    case 'CallExpression': {
      cost += callOddity(node, text, usage);
      // `isArray(a ? b : c)`, `isNumber(a && b)`: a predicate asks about one value, not a choice between two.
      const args = node.arguments as Node[];
      if (isPredicateCall(node) && args.length === 1 && !args[0].extra?.parenthesized && /^(?:Conditional|Logical)Expression$/.test(args[0].type)) cost += W.predicateOfLogic;
      const max = BUILTIN_MAX_ARITY.get(qualifiedName(node.callee as Node) ?? '');
      if (max !== undefined && args.length > max) cost += W.builtinArity;
      // `(x => f(x) && g)(x)`: an expression arrow called on the spot is a closer that moved.
      if ((node.callee as Node).type === 'ArrowFunctionExpression' && ((node.callee as Node).body as Node).type !== 'BlockStatement') cost += W.calledArrow;
      // `cache.get(a && b)`: a lookup by a truth value; the `)` closed too late.
      if (/^(?:get|has|delete|indexOf)$/.test(calleeName(node.callee as Node) ?? '') && args.some((a) => a.type === 'LogicalExpression' && a.operator === '&&' && !a.extra?.parenthesized)) cost += W.lookupOfAnd;
      // `map((b, i) => f(b), i)`: a callback's own parameter passed beside it is out of its scope there.
      if (args.some((a) => a.type === 'ArrowFunctionExpression' && (a.params as Node[]).some((p) => p.type === 'Identifier' && args.some((b) => b !== a && rootName(b) === p.name)))) cost += W.leakedParam;
      break;
    }
    case 'ArrayExpression': {
      // `[[1, 2], [3], 4, [5, 6]]`: a table of rows with a loose value in it lost a row's bracket.
      const elements = (node.elements as (Node | null)[]).filter((e): e is Node => !!e);
      const rows = elements.filter((e) => e.type === 'ArrayExpression').length;
      if (rows >= 3 && elements.some((e) => e.type !== 'ArrayExpression' && e.type !== 'SpreadElement')) cost += W.mixedTable;
      // `['a', 'b'.includes(x)]`: a list of strings whose last one got the method meant for the whole list.
      if (elements.some(isString) && elements.some((e) => e.type === 'CallExpression' && (e.callee as Node).type === 'MemberExpression' && isString((e.callee as Node).object))) cost += W.stringListCall;
      break;
    }
    case 'NewExpression':
      if (text[node.end - 1] !== ')') cost += W.bareNew;
      // `new (a < b > c)`: only constructors are made with new.
      if (!CALLABLE.has((node.callee as Node).type)) cost += W.oddCallee;
      break;
    case 'MemberExpression':
      if (key !== 'callee' && isUsuallyCalled(node, usage)) cost += W.uncalledMethod;
      // `result[value.push](key)`: methods like these are called, not read.
      if (key !== 'callee' && !node.computed && ALWAYS_CALLED.has(String((node.property as Node).name))) cost += W.uncalledMethod;
      if (node.computed && (isTruthTest(node.property as Node) || ((node.property as Node).type === 'ConditionalExpression' && isTruthTest((node.property as Node).test as Node)))) cost += W.booleanKey;
      if ((node.object as Node).type === 'ObjectExpression' && !(node.object as Node).extra?.parenthesized) cost += W.objectMember;
      if (isPredicateCall(node.object)) cost += W.predicateMember;
      if (isArrayLiteral(node.object) && (node.computed || !ARRAY_METHODS.has(String((node.property as Node & { name?: unknown }).name)))) cost += W.arrayMember;
      if ((node.object as Node).type === 'NullLiteral' || (node.object as Node & { name?: string }).name === 'undefined') cost += W.nullMember;
      // `list[list.length]` reads past the end (writing there appends): the `- 1` belonged inside.
      if (node.computed && !(parent?.type === 'AssignmentExpression' && key === 'left') && isLengthOf(node.property as Node, node.object as Node, text)) cost += W.pastEnd;
      if ((isString(node.object) || isStringCall(node.object as Node)) && !node.computed && !STRING_METHODS.has(String((node.property as Node & { name?: unknown }).name))) cost += W.stringMember;
      if (node.computed && startsLine(text, text.indexOf('[', (node.object as Node).end))) cost += W.callOnNewLine;
      break;
    case 'BinaryExpression':
    case 'LogicalExpression': {
      if (/^(?:[-*/%]|\*\*)$/.test(String(node.operator)) && (isString(node.left) || isString(node.right))) cost += W.stringArithmetic;
      // `(a - b * c + d) + e`: parentheses that change nothing around a left operand of the same precedence are
      // rarely written; the parenthesis was meant to close earlier.
      const left = node.left as Node;
      const bitwise = /^[&|^]$/.test(String(node.operator));
      if (left.extra?.parenthesized && (left.type === 'BinaryExpression' || left.type === 'LogicalExpression') && precedence(String(left.operator)) === precedence(String(node.operator)) && node.operator !== '**') cost += W.samePrecedenceParens;
      const right = node.right as Node;
      // `a < b > c` compares a truth value with a number: in TypeScript, a type argument lost its call's `(`.
      if (/^[<>]=?$/.test(String(node.operator)) && left.type === 'BinaryExpression' && /^[<>]=?$/.test(String(left.operator)) && !left.extra?.parenthesized) cost += W.chainedComparison;
      // `(x => f(x)) && g`, `[a, b] || c`: a function, object or array is always truthy.
      if (node.type === 'LogicalExpression' && node.operator !== '??' && ALWAYS_TRUTHY.has(left.type)) cost += W.truthyOperand;
      // `[a, b] + c` turns the list into text: the `]` was meant after `c`.
      if (/^[-+*/%]$/.test(String(node.operator)) && (isArrayLiteral(left) || isArrayLiteral(right))) cost += W.arrayArithmetic;
      // `(a || b) === c` compares a truth value that `||`/`&&` rarely is meant to produce.
      if (isComparison(node) && [left, right].some((o) => o.type === 'LogicalExpression' && o.operator !== '??')) cost += W.comparedLogic;
      // `flags & MASK === VALUE`, `a & b * c`: comparisons and arithmetic bind first, the classic precedence
      // trap; people parenthesise what they mix with a bitwise operator.
      if (bitwise && [left, right].some((o) => !o.extra?.parenthesized && (isComparison(o) || isArithmetic(o)))) cost += W.bitwiseMix;
      // `(a === b) || c === d`: parentheses that change nothing around one operand but not its like.
      if (lopsided(node, left, right) || lopsided(node, right, left)) cost += W.lopsidedParens;
      // `8 & 0x3f`: nobody masks one constant with another in code; an index bracket closed too late.
      if (bitwise && left.type === 'NumericLiteral' && right.type === 'NumericLiteral') cost += W.literalBitwise;
      // `(function () {…})(x) || (x = {})`: the argument of a compiled enum or namespace wrapper lost its ')'.
      if (node.type === 'LogicalExpression' && isIife(left)) cost += W.iifeOperand;
      // `'a' + 'b'` on one line is one string, written as one.
      if (node.operator === '+' && isString(left) && isString(right) && !text.slice(left.end, right.start).includes('\n')) cost += W.adjacentStrings;
      // `key in 'text' + b` throws when run: `in` looks into objects, never strings.
      if (node.operator === 'in' && (isString(right) || (right.type === 'BinaryExpression' && right.operator === '+' && (isString(right.left) || isString(right.right))))) cost += W.inString;
      break;
    }
    case 'UnaryExpression': {
      // `typeof (a !== b)` is always 'boolean': the parenthesis belongs elsewhere.
      const argument = node.argument as Node;
      if (node.operator === 'typeof' && argument.extra?.parenthesized && /Binary|Logical/.test(argument.type)) cost += W.typeofTest;
      break;
    }
    case 'Directive':
      if (!DIRECTIVES.has(String((node.value as Node & { value: unknown }).value))) cost += W.unknownDirective;
      break;
    case 'FunctionDeclaration':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
    case 'ClassMethod':
    case 'ObjectMethod':
    case 'TSDeclareFunction':
      if (mixedTyping(node.params as Node[])) cost += W.mixedTyping;
      // `(a, ) => …` on one line: a trailing comma is left only where a list breaks over lines.
      if (inlineTrailingComma(node.params as Node[], text)) cost += W.inlineTrailingComma;
      // `value => {` in a file that always writes `(value) => {`: the `(` before it lost its `)`.
      if (context.arrowParens && node.type === 'ArrowFunctionExpression' && (node.params as Node[]).length === 1 && text[(node.params as Node[])[0].start - 1] !== '(') cost += W.bareArrowParam;
      if (node.type === 'FunctionExpression' && readsOwnName(node, text)) cost += W.selfMember;
      // A TypeScript signature that declares its return type types its parameters too.
      if (context.typed && node.returnType) cost += W.untypedParam * (node.params as Node[]).filter((p) => (p.type === 'Identifier' || p.type === 'RestElement') && !p.typeAnnotation).length;
      // `(scheduler, AsyncScheduler)` in TypeScript: a capitalised, untyped parameter was the type of the one before.
      if (context.typed) cost += W.capitalParam * (node.params as Node[]).filter((p) => isCapitalUntyped(p)).length;
      break;
    case 'TSParenthesizedType':
      // `(void)`, `(T)`: nobody parenthesises a single keyword type or name.
      if (/^TS(?:\w+Keyword|TypeReference)$/.test((node.typeAnnotation as Node).type)) cost += W.parenthesizedKeywordType;
      break;
    case 'TSNamedTupleMember':
      // `[T: T]`: a tuple's labels are value-like names; a type's name as a label was `[T, T]`.
      if (/^[A-Z]/.test(String((node.label as Node).name))) cost += W.typeLabel;
      break;
    case 'TSPropertySignature':
      // `{ schedule(cb: F), Subscription; }`: a member without a type in a type is the type of the one before.
      if (!node.typeAnnotation && !node.computed) cost += W.untypedMember;
      break;
    case 'TSIndexedAccessType':
      // `T[K1[K2]]` indexes by a type read off a key; `T[K1][K2]` is what gets written.
      if ((node.indexType as Node).type === 'TSIndexedAccessType') cost += W.nestedIndexType;
      break;
    case 'TSUnionType':
      // `[ | null]`: a union of one, with the `|` people only lead a multi-line union with.
      if ((node.types as Node[]).length === 1) cost += W.loneUnion;
      break;
    case 'TSTypeAssertion':
      // `<T>value` is the old spelling; code today writes `value as T`, so this is mostly a misplaced `(`.
      cost += W.angleAssertion;
      break;
    case 'TSFunctionType': {
      // `(e) => void | null` and `(x) => A extends B ? …`: the parenthesis that closed the function type moved.
      const returned = ((node.typeAnnotation ?? node.returnType) as Node | undefined)?.typeAnnotation as Node | undefined;
      if (returned?.type === 'TSConditionalType' || (returned?.type === 'TSUnionType' && (returned.types as Node[]).some((t) => t.type === 'TSVoidKeyword'))) cost += W.oddReturnType;
      break;
    }
    case 'TSTypeReference': {
      // Types are capitalised or built in; `(source: subscriber)` was a list of parameters.
      const name = (node.typeName as Node & { name?: unknown }).name;
      if (typeof name === 'string' && /^[a-z]/.test(name)) cost += W.lowercaseType;
      // `any._connection` is no type: a member was read inside the type.
      const typeName = node.typeName as Node;
      if (typeName.type === 'TSQualifiedName' && TYPE_WORDS.has(String(leftmost(typeName).name))) cost += W.keywordQualifiedType;
      break;
    }
    case 'ObjectProperty':
      // `{ a, b }` names variables: one the file never uses as a variable elsewhere was meant as `{ a: b }`.
      if (node.shorthand && (usage.get(String((node.key as Node & { name?: unknown }).name))?.bare ?? 0) <= 1) cost += W.unknownShorthand;
      break;
    case 'Identifier':
      // `let size, number;` in TypeScript: the type's name became a variable.
      if (context.typed && TYPE_WORDS.has(String(node.name)) && key !== 'typeName' && !parent?.type.startsWith('TS')) cost += W.typeWordName;
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
      // `{ return x; ;}`: a stray `;` as a block's last statement, where a `}` moved past it.
      if (parent?.type === 'BlockStatement' && (parent.body as Node[]).at(-1) === node) cost += W.trailingEmpty;
      break;
  }
  // `1?.id`, `2.length`: numbers have nothing to read.
  if (/^(?:Optional)?MemberExpression$/.test(node.type) && (node.object as Node).type === 'NumericLiteral' && !(node.object as Node).extra?.parenthesized) cost += W.stringMember;
  if (node.extra?.parenthesized && doubled(node, parent, text)) cost += W.doubleParens;
  if (key === 'test' && (node.type === 'StringLiteral' || node.type === 'TemplateLiteral')) cost += W.constantTest;
  if (node.extra?.parenthesized && SIMPLE_EXPRESSIONS.has(node.type) && !(parent?.type === 'ArrowFunctionExpression')) cost += W.redundantParens;
  else if (node.extra?.parenthesized && (key === 'test' || key === 'discriminant') && node.type !== 'AssignmentExpression') cost += W.redundantParens;
  else if (node.extra?.parenthesized && parent && WHOLE_VALUE_SLOTS.has(`${parent.type}.${key}`) && !KEEPS_PARENS.has(node.type) && !text.slice(node.start, node.end).includes('\n')) cost += W.wholeValueParens;
  return cost;
}

function isUseful(e: Node | undefined): boolean {
  if (!e) return true;
  if (USEFUL_STATEMENT_EXPRESSIONS.has(e.type)) return true;
  if (e.type === 'UnaryExpression') return e.operator === 'delete' || e.operator === 'void' || isUseful(e.argument as Node);
  return false;
}

function callOddity(node: Node, text: string, usage: NameUsage): number {
  const W = ODDITY_WEIGHTS;
  const callee = node.callee as Node;
  if (!callee || node.type === 'NewExpression') return 0;
  let cost = 0;
  const name = calleeName(callee);
  const used = name === undefined ? undefined : usage.get(name);
  if (used && used.uses >= 3 && used.calls === 0) cost += W.neverCalled;
  if (used && unusualArity(used.arities, (node.arguments as unknown[]).length)) cost += W.arity;
  if (callee.type.endsWith('Literal') && !callee.extra?.parenthesized) cost += W.literalCallee;
  // `this()` and `arguments()` are objects, never functions.
  else if (!CALLABLE.has(callee.type) || name === 'arguments') cost += W.oddCallee;
  const paren = text.indexOf('(', callee.end);
  if (paren >= 0 && paren < node.end && /\n/.test(text.slice(callee.end, paren))) cost += W.callOnNewLine;
  // `Function('return this')()` is the one curried call with no arguments everybody knows.
  if (callee.type === 'CallExpression' && !callee.extra?.parenthesized && calleeName(callee.callee as Node) !== 'Function') cost += (node.arguments as unknown[]).length ? W.curriedCall : 2 * W.curriedCall;
  return cost;
}

/** A method the file calls nearly everywhere it names it (`a.date()`), named here without a call. */
function isUsuallyCalled(node: Node, usage: NameUsage): boolean {
  const property = node.property as Node | undefined;
  if (node.computed || property?.type !== 'Identifier') return false;
  const used = usage.get(String(property.name));
  return !!used && used.calls >= 1 && used.calls >= 0.5 * used.uses;
}

/** A comparison or negation: a true/false value, which is rarely what indexes an object. */
function isTruthTest(n: Node | undefined): boolean {
  if (!n || n.extra?.parenthesized) return false;
  if (n.type === 'BinaryExpression') return isComparison(n) || n.operator === 'instanceof' || n.operator === 'in';
  return n.type === 'UnaryExpression' && n.operator === '!';
}

/** Parentheses that own a syntax slot (`if (…)`, `f(…)`) are not extra; a second pair inside them is. */
const OWNS_PARENS = new Set(['CallExpression', 'NewExpression', 'IfStatement', 'WhileStatement', 'DoWhileStatement', 'SwitchStatement', 'ForStatement', 'ForInStatement', 'ForOfStatement', 'WithStatement']);

function doubled(node: Node, parent: Node | undefined, text: string): boolean {
  if (parent && OWNS_PARENS.has(parent.type)) return false;
  const open = (node.extra as { parenStart?: number }).parenStart ?? node.start;
  const before = text.slice(Math.max(0, open - 8), open).trimEnd();
  return before.endsWith('(') && /^\s*\)\s*\)/.test(text.slice(node.end, node.end + 8));
}

/** The other calls agree (at least two, three in four) on an argument count this call does not have. */
function unusualArity(arities: Map<number, number>, count: number): boolean {
  let total = 0;
  let top = 0;
  let topCount = -1;
  for (const [n, c] of arities) {
    total += c;
    if (c > top) [top, topCount] = [c, n];
  }
  // The call being repaired is among them, miscounted: leave it out.
  return top >= 2 && top >= 0.75 * (total - 1) && count !== topCount;
}

/** TypeScript parameters that are typed, all but one: the one was meant to be typed too. */
function mixedTyping(params: Node[] | undefined): boolean {
  const named = (params ?? []).filter((p) => p.type === 'Identifier');
  const typed = named.filter((p) => p.typeAnnotation).length;
  return named.length >= 2 && typed > 0 && typed < named.length;
}

function calleeName(callee: Node): string | undefined {
  if (callee.type === 'Identifier') return String(callee.name);
  // `(0, mod.f)(x)`: how compilers call an imported function.
  if (callee.type === 'SequenceExpression') return calleeName((callee.expressions as Node[]).at(-1)!);
  const property = callee.property as Node | undefined;
  if (callee.type === 'MemberExpression' && !callee.computed && property?.type === 'Identifier') return String(property.name);
  return undefined;
}

/** What code reads off an array literal (`[a, b].map(f)`); indexing one is a misplaced bracket. */
const ARRAY_METHODS = new Set([
  'map', 'filter', 'forEach', 'reduce', 'reduceRight', 'some', 'every', 'find', 'findIndex', 'findLast', 'findLastIndex', 'includes',
  'indexOf', 'lastIndexOf', 'join', 'concat', 'slice', 'flat', 'flatMap', 'length', 'entries', 'keys', 'values', 'fill', 'sort', 'reverse', 'at',
]);

/**
 * `function node() { node.type … }`, `function i() { return i != null; }`: a callback named after the value it
 * reads was `function (node)`. A function without parameters that uses its own name other than by calling it
 * reads it as a value.
 */
function readsOwnName(fn: Node, text: string): boolean {
  const name = (fn.id as Node & { name?: unknown } | null)?.name;
  const body = fn.body as Node;
  if (typeof name !== 'string') return false;
  const own = name.replace(/\$/g, '\\$');
  const read = (fn.params as unknown[]).length ? `${own}\\s*[.[]` : `${own}(?![\\w$]|\\s*\\()`;
  return new RegExp(`(?<![\\w$.])${read}`).test(text.slice(body.start, body.end));
}

/** `isNaN(x)`, `map.has(k)`, `re.test(s)`: calls that answer yes or no, whose result has no members worth reading. */
function isPredicateCall(n: unknown): boolean {
  const call = n as Node | undefined;
  if (call?.type !== 'CallExpression' || call.extra?.parenthesized) return false;
  const name = calleeName(call.callee as Node);
  return name !== undefined && (/^(?:is|has)(?:[A-Z_]|$)/.test(name) || /^(?:test|includes|startsWith|endsWith)$/.test(name));
}

function isArrayLiteral(n: unknown): boolean {
  return (n as Node | undefined)?.type === 'ArrayExpression' && !(n as Node).extra?.parenthesized;
}

function isString(n: unknown): boolean {
  return (n as Node | undefined)?.type === 'StringLiteral';
}

function startsLine(text: string, offset: number): boolean {
  for (let i = offset - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 10) return true;
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

/** Built-ins that return a string, whose result only has string methods read off it. */
const STRING_FUNCTIONS = new Set(['encodeURIComponent', 'decodeURIComponent', 'encodeURI', 'decodeURI', 'String', 'escape', 'unescape', 'toLowerCase', 'toUpperCase', 'trim', 'toFixed']);

function isStringCall(n: Node): boolean {
  return n.type === 'CallExpression' && !n.extra?.parenthesized && STRING_FUNCTIONS.has(calleeName(n.callee as Node) ?? '');
}

/** Arithmetic (`a + b`, `a * b`), which binds tighter than comparisons and bitwise operators. */
function isArithmetic(n: Node): boolean {
  return n.type === 'BinaryExpression' && /^(?:[-+*/%]|\*\*)$/.test(String(n.operator));
}

/**
 * `one` is a parenthesised operation that binds tighter than `node` anyway, and `other`, of the same kind,
 * goes without: one of the pair of parentheses was meant elsewhere.
 */
function lopsided(node: Node, one: Node, other: Node): boolean {
  const binary = (n: Node) => n.type === 'BinaryExpression' || n.type === 'LogicalExpression';
  const op = precedence(String(node.operator));
  return !!one.extra?.parenthesized && binary(one) && precedence(String(one.operator)) > op
    && !other.extra?.parenthesized && binary(other) && precedence(String(other.operator)) === precedence(String(one.operator));
}

/** The name an expression reads from: `a` of `a`, `a.b`, `a[0].c`. */
function rootName(n: Node): unknown {
  if (n.type === 'Identifier') return n.name;
  return n.type === 'MemberExpression' ? rootName(n.object as Node) : undefined;
}

/** `Math.ceil`, `isNaN`: the dotted name of a callee made of names, if it is one. */
function qualifiedName(n: Node): string | undefined {
  if (n.type === 'Identifier') return String(n.name);
  if (n.type !== 'MemberExpression' || n.computed) return undefined;
  const object = qualifiedName(n.object as Node);
  return object === undefined ? undefined : `${object}.${String((n.property as Node).name)}`;
}

/** A call of a function written in place: `(function () {…})(x)`. */
function isIife(n: Node): boolean {
  const callee = n.callee as Node | undefined;
  return n.type === 'CallExpression' && !n.extra?.parenthesized && !!callee && /^(?:Function|ArrowFunction)Expression$/.test(callee.type);
}

/** Whether an expression compares `name` with something (`name === void 0`). */
function testsName(n: Node, name: unknown): boolean {
  if (typeof name !== 'string' || !/^(?:Conditional|Logical)Expression$/.test(n.type)) return false;
  let found = false;
  const visit = (x: Node) => {
    if (found) return;
    if (isComparison(x) && [x.left, x.right].some((o) => (o as Node).type === 'Identifier' && (o as Node).name === name)) found = true;
    for (const k of ['test', 'left', 'right', 'consequent', 'alternate']) if (isNode(x[k])) visit(x[k] as Node);
  };
  visit(n);
  return found;
}

/** A TypeScript parameter named like a type (`AsyncScheduler`) with no type of its own. */
function isCapitalUntyped(p: Node): boolean {
  const param = p.type === 'TSParameterProperty' ? (p.parameter as Node) : p;
  return param.type === 'Identifier' && !param.typeAnnotation && /^[A-Z][a-z]/.test(String(param.name));
}

/** A list whose last item is followed by `,` and its closer on the same line. */
function inlineTrailingComma(items: Node[] | undefined, text: string): boolean {
  const last = items?.at(-1);
  return !!last && /^[ \t]*,[ \t]*[)\]]/.test(text.slice(last.end, last.end + 16));
}

/** `list.length` for the same `list` (compared as written). */
function isLengthOf(property: Node, object: Node, text: string): boolean {
  if (property.type !== 'MemberExpression' || property.computed || (property.property as Node).name !== 'length') return false;
  const owner = property.object as Node;
  return text.slice(owner.start, owner.end) === text.slice(object.start, object.end);
}

/** An equality or ordering comparison (`a === b`, `a < b`). */
function isComparison(n: Node): boolean {
  return n.type === 'BinaryExpression' && /^(?:[!=]==?|[<>]=?)$/.test(String(n.operator));
}

/** The first name of a qualified type name (`a` of `a.b.c`). */
function leftmost(name: Node): Node {
  return name.type === 'TSQualifiedName' ? leftmost(name.left as Node) : name;
}

/** Binding strength of a binary or logical operator (higher binds tighter). */
function precedence(op: string): number {
  const table: Record<string, number> = {
    '??': 1, '||': 2, '&&': 3, '|': 4, '^': 5, '&': 6, '==': 7, '!=': 7, '===': 7, '!==': 7,
    '<': 8, '>': 8, '<=': 8, '>=': 8, instanceof: 8, in: 8, '<<': 9, '>>': 9, '>>>': 9, '+': 10, '-': 10, '*': 11, '/': 11, '%': 11, '**': 12,
  };
  return table[op] ?? 0;
}
