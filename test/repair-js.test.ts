import assert from 'node:assert/strict';
import { jsRepairer, tsRepairer } from '../src/core/repair/js.js';
import { repairBuffer } from '../src/core/repair/repair-buffer.js';
import type { RepairContext, RepairOutcome } from '../src/core/repair/types.js';

const ctx = (path: string, extra: Partial<RepairContext> = {}): RepairContext => ({ path, deadline: Date.now() + 5000, ...extra });

async function repairJs(text: string, path = 'a.js', extra: Partial<RepairContext> = {}): Promise<RepairOutcome> {
  const repairer = /\.[cm]?tsx?$/.test(path) ? tsRepairer : jsRepairer;
  return repairer.repair(text, ctx(path, extra));
}

async function repaired(text: string, path = 'a.js'): Promise<string> {
  const r = await repairJs(text, path);
  assert.equal(r.status, 'repaired', `expected a repair, got ${JSON.stringify(r)}`);
  return (r as { text: string }).text;
}

describe('JavaScript / TypeScript repairer', () => {
  it('closes the parenthesis in `return (a + b;` where it belongs', async () => {
    const r = await repairJs('function add(a, b) {\n  return (a + b;\n}\n');
    assert.equal(r.status, 'repaired');
    assert.equal((r as { text: string }).text, 'function add(a, b) {\n  return (a + b);\n}\n');
    assert.deepEqual((r as { fixes: unknown[] }).fixes, [{ line: 2, column: 16, description: "inserted ')'" }]);
  });

  it('leaves a valid file alone, JSX in a .js file included', async () => {
    assert.deepEqual(await repairJs('const App = () => <div className="x">hi</div>;\n'), { status: 'ok' });
    assert.deepEqual(await repairJs('export const n: number = 1;\n', 'a.ts'), { status: 'ok' });
  });

  describe('repairs each kind of slip', () => {
    const fixes: [string, string, string][] = [
      ['missing ]', 'const xs = [1, 2, 3;\nconsole.log(xs);\n', 'const xs = [1, 2, 3];\nconsole.log(xs);\n'],
      ['missing } of a block, by indentation', 'function f(a) {\n  if (a) {\n    g(a);\n\n  return a;\n}\n\nfunction g(x) {\n  return x * 2;\n}\n', 'function f(a) {\n  if (a) {\n    g(a);\n  }\n\n  return a;\n}\n\nfunction g(x) {\n  return x * 2;\n}\n'],
      ['missing (', 'function f(a) {\n  if a > 1) {\n    return a;\n  }\n  return 0;\n}\n', 'function f(a) {\n  if (a > 1) {\n    return a;\n  }\n  return 0;\n}\n'],
      ['missing {', 'function f(a)\n  return a + 1;\n}\n', 'function f(a) {\n  return a + 1;\n}\n'],
      ['missing ,', 'foo(1 2);\n', 'foo(1, 2);\n'],
      ['missing :', 'const o = { a: 1, b 2 };\n', 'const o = { a: 1, b: 2 };\n'],
      ['missing ; where ASI does not apply', 'let a = 1 let b = 2;\n', 'let a = 1; let b = 2;\n'],
      ['extra )', 'console.log(add(1, 2)));\n', 'console.log(add(1, 2));\n'],
      ['extra }', 'function f() {\n  return 1;\n}}\n', 'function f() {\n  return 1;\n}\n'],
      ['unclosed string', "const s = 'hello;\nconsole.log(s);\n", "const s = 'hello';\nconsole.log(s);\n"],
      ['string without its opening quote', "const s = hello';\nconsole.log(s);\n", "const s = 'hello';\nconsole.log(s);\n"],
      ['unclosed template literal', 'const s = `hello ${name};\nconsole.log(s);\n', 'const s = `hello ${name}`;\nconsole.log(s);\n'],
      ['a ( lost between two names', 'import { find } from "./find.js";\nexport function first(selector) {\n  return findselector).at(0);\n}\n', 'import { find } from "./find.js";\nexport function first(selector) {\n  return find(selector).at(0);\n}\n'],
    ];
    for (const [kind, broken, fixed] of fixes) {
      it(kind, async () => assert.equal(await repaired(broken), fixed));
    }

    it('a missing ) in TypeScript', async () => {
      assert.equal(await repaired('const total: number = Math.max(1, 2;\nexport default total;\n', 'a.ts'), 'const total: number = Math.max(1, 2);\nexport default total;\n');
    });

    it('a missing ) in JSX', async () => {
      const broken = 'const App = () => (\n  <ul>\n    {items.map((i) => <Item key={i} />}\n  </ul>\n);\n';
      assert.equal(await repaired(broken, 'a.jsx'), broken.replace('/>}', '/>)}'));
    });
  });

  it('declines an ambiguous repair, leaving the file alone and naming the spot and the options', async () => {
    const broken = 'foo(a, bar(b, c);\n';
    const r = await repairJs(broken);
    assert.equal(r.status, 'unrepairable');
    const { error } = r as { error: { line: number; column: number; message: string; suggestion?: string } };
    assert.equal(error.line, 1);
    assert.equal(error.column, 17);
    assert.match(error.message, /Unexpected token/);
    assert.match(error.suggestion ?? '', /^insert '\)' at 1:\d+ or insert '\)' at 1:\d+\?$/);
    const viaBuffer = await repairBuffer('a.js', Buffer.from(broken));
    assert.equal(viaBuffer.result.status, 'unrepairable');
    assert.equal(viaBuffer.output, undefined);
  });

  it('changes only the fixed spot: comments, formatting and CRLF line endings stay', async () => {
    const source = '// keep   this   comment\r\nfunction f(a,b)   {\r\n  /* and this */ return g(a,\r\n      b;\r\n}\r\n';
    const r = await repairBuffer('a.js', Buffer.from(source));
    assert.equal(r.result.status, 'repaired');
    assert.equal(r.output?.toString('utf8'), source.replace('b;', 'b);'));
  });

  it('only reports in validate mode, even when a repair is easy', async () => {
    const r = await repairJs('foo(1 2);\n', 'a.js', { validateOnly: true });
    assert.deepEqual(r, {
      status: 'unrepairable',
      error: { line: 1, column: 7, message: 'Unexpected token, expected ","', suggestion: "look between '1' and '2': a missing or extra token (operand, bracket, comma, quote) is the usual cause" },
    });
  });

  it('does not put a closer between a name and the member the file keeps reading off it', async () => {
    const head = 'function locale(config) {\n  return config._locale || config._strict;\n}\n';
    const text = await repaired(head + 'function f(config, token) {\n  return regexes[token](config._strict, config._locale;\n}\n');
    assert.equal(text, head + 'function f(config, token) {\n  return regexes[token](config._strict, config._locale);\n}\n');
  });

  it('does not split a method name at a short prefix to place a lost `(`', async () => {
    const head = 'function f(subscriber, value) {\n  subscriber.next(value);\n  return subscribe;\n}\n';
    const text = await repaired(head + 'function g(subscriber) {\n  subscriber.unsubscribe);\n}\n');
    assert.equal(text, head + 'function g(subscriber) {\n  subscriber.unsubscribe();\n}\n');
  });

  it('reads `[0.children` as the index `[0]` that lost its `]`, not as the number `0.`', async () => {
    assert.equal(await repaired('function first(parsed) {\n  return parsed.root()[0.children.slice();\n}\n'), 'function first(parsed) {\n  return parsed.root()[0].children.slice();\n}\n');
  });

  it('puts the lost `(` of a call wrapping a multi-line literal right before the literal, lines above the error', async () => {
    const text = 'const CODES = new Set[\n  65534, 65535,\n  131070,\n]);\nmodule.exports = CODES;\n';
    assert.equal(await repaired(text), text.replace('new Set[', 'new Set(['));
  });

  it('does not hand a predicate like isNumber a choice or a logical expression when the `)` can close its one value', async () => {
    assert.equal(await repaired('function f(item, input) {\n  return !isNumber(item && isString(input);\n}\n'), 'function f(item, input) {\n  return !isNumber(item) && isString(input);\n}\n');
  });

  it('splits a name glued from two globals at the lost `(` (unescape(encodeURIComponent(str)))', async () => {
    const text = 'function stringToBytes(str) {\n  str = unescapeencodeURIComponent(str));\n  return str;\n}\n';
    assert.equal(await repaired(text), text.replace('unescapeencode', 'unescape(encode'));
  });

  describe('prefers the reading a person would have written over a legal but odd one', () => {
    const cases: [string, string, string, string][] = [
      ['a bitwise mask compared without parentheses (the precedence trap)', 'a.js',
        'function codePoint(char) {\n  return Number((char & 0xfc00 === 0xd800);\n}\n', '(char & 0xfc00) === 0xd800'],
      ['a compiled enum wrapper as the left of ||', 'a.js',
        'var NS;\n(function (NS) {\n  NS["HTML"] = "html";\n})(NS || (NS = {});\n', '})(NS || (NS = {}));'],
      ['a member no string has, read off encodeURIComponent(...)', 'a.js',
        'function pair(data) {\n  return encodeURIComponent(data.name) + "=" + encodeURIComponent(data.value;\n}\n', 'encodeURIComponent(data.value);'],
      ['an untyped rest parameter in a typed signature', 'a.ts',
        'export function last<T>(this: any, ...args: any[] {\n  return args[args.length - 1];\n}\n', '...args: any[]) {'],
      ['a capitalised, untyped TypeScript parameter', 'a.ts',
        'export class Action<T> {\n  constructor(protected scheduler AsyncScheduler, protected work: () => void) {}\n}\n', 'scheduler: AsyncScheduler,'],
      ['a union of one type', 'a.ts', 'let windowRecords: WindowRecord<T>[ | null = [];\n', 'WindowRecord<T>[] | null'],
      ['one constant masked with another', 'a.js', 'function v4(bytes) {\n  bytes[8] = bytes[8 & 0x3f | 0x80;\n  return bytes;\n}\n', 'bytes[8] & 0x3f | 0x80;'],
      ['a chained comparison where a type argument lost its call (new C<T>x)', 'a.ts',
        'export function socket<T>(url: string): Subject<T> {\n  return new WebSocketSubject<T>url);\n}\n', 'new WebSocketSubject<T>(url);'],
      ['a function used as an operand of &&, which is always truthy', 'a.js',
        'function pseudo(next, options, data) {\n  return (elem => matches(elem, options, data) && next(elem);\n}\n', '&& next(elem));'],
      ['an array added to a string', 'a.js',
        "function events(type, key) {\n  return [type, type + '-' + key, type + 'Exit', type + 'Exit-' + key;\n}\n", "'Exit-' + key];"],
      ['a method that is always called, read as a key (result[value.push](key))', 'a.js',
        'function group(result, value, key) {\n  result[value.push(key);\n}\n', 'result[value].push(key);'],
      ['a type indexed by a type read off a key (T[K1[K2]])', 'a.ts',
        'export function pluck<T, K1 extends keyof T, K2 extends keyof T[K1], K3 extends keyof T[K1][K2]>(\n  k1: K1, k2: K2, k3: K3\n): OperatorFunction<T, T[K1[K2][K3]>;\n', 'T[K1][K2][K3]>;'],
      ["a callback's parameter read beside the callback", 'a.js',
        'function attrs(neAttrs) {\n  const map = new Map(neAttrs.map((neAttr) => [neAttr.name, neAttr.value));\n  return map;\n}\n', '[neAttr.name, neAttr.value]));'],
      ['a type member without a type, where the member before lost its `:`', 'a.ts',
        'export interface Provider {\n  now(): number;\n  schedule(callback: FrameRequestCallback) Subscription;\n}\n', 'schedule(callback: FrameRequestCallback): Subscription;'],
      ['a function type returning void | null', 'a.ts',
        'export interface Config {\n  onUnhandledError: (err: any) => void) | null;\n}\n', '((err: any) => void) | null;'],
    ];
    for (const [what, path, broken, expected] of cases) {
      it(what, async () => {
        const text = await repaired(broken, path);
        assert.ok(text.includes(expected), text);
      });
    }
  });

  it('puts a lost `{` where the line kept the space after it, not by deleting a `}`', async () => {
    const text = (space: string) => `function position(nodeA, nodeB, shared) {\n    if (shared === nodeB) {\n        return 4;\n    }\n    if (shared === nodeA)${space}\n        return 2 | 8;\n    }\n    return 2;\n}\n`;
    assert.equal(await repaired(text(' ')), text(' {'));
    // Without the trailing space both edits are as likely: the repairer names both and changes nothing.
    const r = await repairJs(text(''));
    assert.equal(r.status, 'unrepairable');
  });

  it('closes a string joined with + after its separating space, not before it', async () => {
    const text = 'var message = \'Expected a  + name + \' here\';\n';
    assert.equal(await repaired(text), "var message = 'Expected a ' + name + ' here';\n");
  });

  it('names the tokens around the error when no small edit is clear', async () => {
    const r = await repairJs('export function half(x) {\n  return x / ;\n}\n');
    assert.equal(r.status, 'unrepairable');
    assert.equal((r as { error: { suggestion?: string } }).error.suggestion, "look between '/' and ';': a missing or extra token (operand, bracket, comma, quote) is the usual cause");
  });

  it('says a file nested too deeply for the parser was not checked, instead of blocking it', async () => {
    const deep = 'x = ' + '['.repeat(50000) + ']'.repeat(50000) + ';\n';
    const r = await repairBuffer('deep.js', Buffer.from(deep));
    assert.equal(r.result.status, 'skipped');
    assert.match(r.result.reason ?? '', /nested too deeply/);
    assert.equal(r.output, undefined);
  });

  describe('relative imports', () => {
    const files = new Map([['.', ['utils.js', 'helper.js', 'a.js']]]);
    const disk = { fileExists: (rel: string) => (files.get('.') ?? []).includes(rel.replace(/^\.\//, '')), listDir: (rel: string) => files.get(rel) };

    it('fixes a specifier when exactly one file fits it up to case or extension', async () => {
      const r = await repairJs("import { x } from './Utils.js';\nexport default x;\n", 'a.js', disk);
      assert.equal(r.status, 'repaired');
      assert.equal((r as { text: string }).text, "import { x } from './utils.js';\nexport default x;\n");
    });

    it('suggests the nearest file for a missing one, and changes nothing', async () => {
      const r = await repairJs("const h = require('./helpr.js');\nmodule.exports = h;\n", 'a.js', disk);
      assert.equal(r.status, 'ok');
      assert.deepEqual((r as { warnings?: unknown[] }).warnings, [{ line: 1, column: 19, message: "'./helpr.js' does not exist", suggestion: "did you mean './helper.js'?" }]);
    });

    it('ignores a require inside a string or a template (code about code is not an import)', async () => {
      assert.deepEqual(await repairJs("const src = \"require('./helpr.js')\";\nconst t = `import('./helpr.js')`;\nmodule.exports = [src, t];\n", 'a.js', disk), { status: 'ok' });
    });

    it('ignores a require in a comment', async () => {
      assert.deepEqual(await repairJs("// const h = require('./helpr.js');\nmodule.exports = 1;\n", 'a.js', disk), { status: 'ok' });
    });

    it('says nothing without a file system to look at', async () => {
      assert.deepEqual(await repairJs("import x from './nowhere.js';\nexport default x;\n"), { status: 'ok' });
    });
  });

  describe('stays within its time', () => {
    it('gives up cleanly on a big file once the deadline has passed', async () => {
      const body = Array.from({ length: 4000 }, (_, i) => `function f${i}(a) {\n  if (a > ${i}) {\n    return g(a, ${i});\n  }\n  return 0;\n}\n`).join('');
      const broken = body.replace('return g(a, 2000);', 'return g(a, 2000;');
      const started = Date.now();
      const r = await jsRepairer.repair(broken, { path: 'big.js', deadline: Date.now() + 50 });
      assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
      assert.equal(r.status, 'unrepairable');
      assert.match((r as { error: { message: string } }).error.message, /gave up/);
    });

    it('reports nesting too deep for the parser without searching', async () => {
      const started = Date.now();
      const r = await repairJs('('.repeat(30000) + '1' + ')'.repeat(29999) + ';\n');
      assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
      assert.equal(r.status, 'skipped');
      assert.match((r as { reason: string }).reason, /nested too deeply/);
    });
  });
});
