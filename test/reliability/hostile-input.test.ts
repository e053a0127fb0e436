// Hostile input to every repairer, property-based: for any bytes, repairBuffer never throws, stays within its
// time budget (timeoutMs plus msPerMiB per MiB), and either returns a text that parses (judged on its own by
// the parser the repairer declares valid) or no output at all; a file it calls "ok" parses. Then random byte
// edits of real files (node_modules, this project's sources, GitLab's CI templates), and the fixed cases:
// binary, invalid UTF-8, NUL bytes, 5 MB of JS, JSON nested 50,000 deep, a YAML alias bomb, a 1 MB line,
// lone surrogates and odd unicode, through repairBuffer and through the CLI.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { DEFAULT_LIMITS, repairBuffer, type BufferRepair } from '../../src/core/repair/repair-buffer.js';
import { decodeUtf8, KINDS, parsesAs } from '../helpers/parse-oracle.js';
import { cleanup, PROJECT_ROOT, runCli, tempDir } from '../helpers/repo.js';
import { scale, STRESS } from '../helpers/stress.js';

/** The most a repair of `bytes` bytes may take: the budget repairBuffer promises, plus room for a busy machine. */
function budgetMs(bytes: number): number {
  return DEFAULT_LIMITS.timeoutMs + (bytes / 1048576) * DEFAULT_LIMITS.msPerMiB + 2500;
}

/** Repairs and checks every promise made about the result; returns the result and how long it took. */
async function repairChecked(name: string, bytes: Buffer): Promise<{ r: BufferRepair; ms: number }> {
  const started = performance.now();
  let r: BufferRepair;
  try {
    r = await repairBuffer(name, bytes);
  } catch (err) {
    assert.fail(`repairBuffer threw on ${name}: ${(err as Error).stack}`);
  }
  const ms = performance.now() - started;
  assert.ok(ms <= budgetMs(bytes.length), `${name} (${bytes.length} bytes) took ${Math.round(ms)} ms, over its budget of ${Math.round(budgetMs(bytes.length))} ms`);
  assert.ok(['ok', 'repaired', 'unrepairable', 'skipped'].includes(r.result.status), `status ${r.result.status}`);
  if (r.output) {
    assert.equal(r.result.status, 'repaired', 'output only with a repair');
    assert.ok(!r.output.equals(bytes), 'a repair changes something');
    assert.ok(r.result.fixes.length > 0, 'a repair says what it fixed');
    const text = decodeUtf8(r.output);
    assert.ok(text !== undefined, `the repair of ${name} is not valid UTF-8`);
    assert.ok(parsesAs(name, text), `the repair of ${name} does not parse:\n${JSON.stringify(text.slice(0, 400))}\nfrom\n${JSON.stringify(bytes.toString('utf8').slice(0, 400))}`);
  } else {
    assert.notEqual(r.result.status, 'repaired', 'a repair without output');
  }
  if (r.result.status === 'ok') {
    const text = decodeUtf8(bytes);
    assert.ok(text !== undefined && parsesAs(name, text), `${name} was called ok but does not parse: ${JSON.stringify(bytes.toString('utf8').slice(0, 400))}`);
  }
  if (r.result.status === 'unrepairable') assert.ok(r.result.error && r.result.error.line >= 1 && r.result.error.column >= 1 && r.result.error.message, 'an unrepairable file says where and why');
  return { r, ms };
}

/** Pieces people (and broken editors) put in files of each kind, to build inputs near the repair paths. */
const PIECES: Record<'json' | 'yaml' | 'js', string[]> = {
  json: ['{', '}', '[', ']', ',', ':', '"a"', '"b"', '1', '-2.5e3', 'true', 'null', '"', "'", '// c\n', '/* x */', '\n', '  ', '\t', '\\', 'é', '\u2028', '"name"', '"version"', '"1.0.0"', '"scripts"', '{"x": "y"}'],
  yaml: ['a:', 'b: 1', '- ', '  ', '\n', '\t', ':', '"', "'", '[', ']', '{', '}', ', ', '&x ', '*x', '<<: *x', '!reference [.a, b]', '# c', '|', '>', '---\n', '? ', 'script:', 'stages:', '  - echo hi', 'job:', 'stage: test', 'needs: [a]', 'extends: .base'],
  js: [
    'function f(', ') {', ')', '}', '(', '[', ']', '{', ';', ',', '=>', 'const a = ', 'let ', '"str"', "'s'", '`t${', '}`', '/re/g', '// c\n', '/*', '*/', '\n', 'return ', 'if (x) ',
    '<div>', '</div>', '<>', '</>', 'interface I {', 'type T = ', ': number', ' as any', '?.', '??', '...', 'import x from "./y";\n', 'export default ', 'class A extends B {', 'async ', 'await ', '#p', '@dec ', 'x', '1',
  ],
};

function piecesFor(name: string): string[] {
  if (name.endsWith('.json')) return PIECES.json;
  if (/\.ya?ml$/.test(name)) return PIECES.yaml;
  return PIECES.js;
}

/** One small edit of a byte string: delete, insert, replace or duplicate a byte, or drop or repeat a line. */
type Edit = { kind: 'delete' | 'insert' | 'replace' | 'dup' | 'drop-line' | 'dup-line'; at: number; byte: number };
const editArb: fc.Arbitrary<Edit> = fc.record({
  kind: fc.constantFrom('delete', 'insert', 'replace', 'dup', 'drop-line', 'dup-line'),
  at: fc.nat(),
  // Mostly bytes that matter to parsers, sometimes any byte at all.
  byte: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...Buffer.from('{}[](),:;"\'`\n\t -#&*|>/\\<!=.')) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 255 }) }),
});

function applyEdits(input: Buffer, edits: Edit[]): Buffer {
  let b = input;
  for (const e of edits) {
    if (!b.length) b = Buffer.from([e.byte]);
    const at = e.at % b.length;
    const lineStart = b.lastIndexOf(0x0a, at - 1) + 1;
    const next = b.indexOf(0x0a, at);
    const lineEnd = next < 0 ? b.length : next + 1;
    switch (e.kind) {
      case 'delete':
        b = Buffer.concat([b.subarray(0, at), b.subarray(at + 1)]);
        break;
      case 'insert':
        b = Buffer.concat([b.subarray(0, at), Buffer.from([e.byte]), b.subarray(at)]);
        break;
      case 'replace':
        b = Buffer.concat([b.subarray(0, at), Buffer.from([e.byte]), b.subarray(at + 1)]);
        break;
      case 'dup':
        b = Buffer.concat([b.subarray(0, at + 1), b.subarray(at, at + 1), b.subarray(at + 1)]);
        break;
      case 'drop-line':
        b = Buffer.concat([b.subarray(0, lineStart), b.subarray(lineEnd)]);
        break;
      case 'dup-line':
        b = Buffer.concat([b.subarray(0, lineEnd), b.subarray(lineStart, lineEnd), b.subarray(lineEnd)]);
        break;
    }
  }
  return b;
}

/** Valid files of each kind to mutate: real ones, small enough that a repair search is quick. */
function corpus(): Record<'json' | 'yaml' | 'js' | 'ts' | 'jsx' | 'tsx', { name: string; bytes: Buffer }[]> {
  const out: ReturnType<typeof corpus> = { json: [], yaml: [], js: [], ts: [], jsx: [], tsx: [] };
  const small = (f: string) => {
    const st = fs.statSync(f, { throwIfNoEntry: false });
    return !!st && st.isFile() && st.size > 20 && st.size < 12_000;
  };
  const nm = path.join(PROJECT_ROOT, 'node_modules');
  for (const pkg of fs.readdirSync(nm).sort()) {
    const dirs = pkg.startsWith('@') ? fs.readdirSync(path.join(nm, pkg)).map((d) => path.join(nm, pkg, d)) : [path.join(nm, pkg)];
    for (const dir of dirs) {
      const pj = path.join(dir, 'package.json');
      if (!fs.statSync(dir).isDirectory()) continue;
      if (small(pj)) out.json.push({ name: 'package.json', bytes: fs.readFileSync(pj) });
      for (const f of listFiles(dir, 3)) {
        if (!small(f)) continue;
        if (/\.(c|m)?js$/.test(f) && out.js.length < 300) out.js.push({ name: path.basename(f), bytes: fs.readFileSync(f) });
        else if (/\.ya?ml$/.test(f)) out.yaml.push({ name: 'config.yml', bytes: fs.readFileSync(f) });
        else if (f.endsWith('.json') && !f.endsWith('package.json') && out.json.length < 400) out.json.push({ name: 'data.json', bytes: fs.readFileSync(f) });
      }
    }
  }
  for (const f of listFiles(path.join(PROJECT_ROOT, 'src'), 6)) if (f.endsWith('.ts') && small(f)) out.ts.push({ name: path.basename(f), bytes: fs.readFileSync(f) });
  const ci = '/work/shared/corpus/gitlab-ci';
  if (fs.existsSync(ci)) for (const f of fs.readdirSync(ci).sort()) if (small(path.join(ci, f))) out.yaml.push({ name: '.gitlab-ci.yml', bytes: fs.readFileSync(path.join(ci, f)) });
  // No JSX or TSX ships in node_modules: small components written for this test.
  out.jsx.push(
    { name: 'App.jsx', bytes: Buffer.from('import React from "react";\n\nexport function App({ items }) {\n  return (\n    <ul className="list">\n      {items.map((i) => (\n        <li key={i.id} onClick={() => alert(i.name)}>\n          {i.name}\n        </li>\n      ))}\n    </ul>\n  );\n}\n') },
    { name: 'Card.jsx', bytes: Buffer.from('export default function Card(props) {\n  const [open, setOpen] = useState(false);\n  return <>\n    <h2 title={`card ${props.n}`}>{props.title}</h2>\n    {open ? <p>{props.body}</p> : null}\n    <button onClick={() => setOpen(!open)}>toggle</button>\n  </>;\n}\n') },
  );
  out.tsx.push(
    { name: 'App.tsx', bytes: Buffer.from('type Props = { items: { id: number; name: string }[] };\n\nexport function App({ items }: Props): JSX.Element {\n  return (\n    <ul>\n      {items.map((i) => <li key={i.id}>{i.name}</li>)}\n    </ul>\n  );\n}\n') },
    { name: 'Form.tsx', bytes: Buffer.from('export const Form = <T extends object>(p: { value: T; onChange(v: T): void }) => {\n  const keys = Object.keys(p.value) as (keyof T)[];\n  return <form>{keys.map((k) => <input key={String(k)} name={String(k)} />)}</form>;\n};\n') },
  );
  // Only valid originals: mutating a file that was broken already proves little.
  for (const k of Object.keys(out) as (keyof typeof out)[]) out[k] = out[k].filter((f) => parsesAs(f.name, f.bytes.toString('utf8')));
  return out;
}

function listFiles(dir: string, depth: number): string[] {
  if (depth < 0) return [];
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(p, depth - 1));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

describe('reliability: hostile input to every repairer', function () {
  this.timeout(scale(60_000, 1_200_000));
  const timings: string[] = [];
  after(() => {
    if (timings.length) console.log(`      ${timings.join('; ')}`);
  });

  for (const name of KINDS) {
    it(`${name}: any input is repaired to something that parses or left alone, never throws, within the time budget`, async () => {
      const pieces = piecesFor(name);
      const arb = fc.oneof(
        fc.array(fc.constantFrom(...pieces), { maxLength: 40 }).map((p) => Buffer.from(p.join(''))),
        fc.string({ unit: 'binary', maxLength: 120 }).map((s) => Buffer.from(s)),
        fc.uint8Array({ maxLength: 120 }).map((a) => Buffer.from(a)),
        fc.tuple(fc.jsonValue({ maxDepth: 4 }), fc.array(editArb, { minLength: 1, maxLength: 3 })).map(([v, edits]) => applyEdits(Buffer.from(JSON.stringify(v, null, 2) ?? 'null'), edits)),
      );
      let slowest = 0;
      await fc.assert(
        fc.asyncProperty(arb, async (bytes) => {
          slowest = Math.max(slowest, (await repairChecked(name, bytes)).ms);
        }),
        { numRuns: scale(60, 1500) },
      );
      timings.push(`${name} slowest ${Math.round(slowest)} ms`);
    });
  }

  it('random byte edits of real files (node_modules, our sources, GitLab CI templates): every repair parses', async function () {
    const files = corpus();
    const counts = Object.entries(files).map(([k, v]) => `${v.length} ${k}`).join(', ');
    for (const [kind, list] of Object.entries(files)) assert.ok(list.length > 0, `no ${kind} files to mutate`);
    const seen = { repaired: 0, unrepairable: 0, ok: 0, skipped: 0 };
    let slowest = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.array(editArb, { minLength: 1, maxLength: 3 }), async (pick, edits) => {
        // Every kind gets its share, whatever its number of files.
        const kinds = Object.values(files);
        const list = kinds[pick % kinds.length];
        const file = list[Math.floor(pick / kinds.length) % list.length];
        const { r, ms } = await repairChecked(file.name, applyEdits(file.bytes, edits));
        seen[r.result.status]++;
        slowest = Math.max(slowest, ms);
      }),
      { numRuns: scale(150, 4000) },
    );
    timings.push(`mutations of ${counts}: ${JSON.stringify(seen)}, slowest ${Math.round(slowest)} ms`);
    assert.ok(seen.repaired > 0, 'some mutations were repaired (the property was exercised)');
  });

  describe('fixed cases', () => {
    const lol = (n: number) => `${String.fromCharCode(97 + n)}: &${String.fromCharCode(97 + n)} [${Array(9).fill(`*${String.fromCharCode(96 + n)}`).join(', ')}]`;
    const aliasBomb = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]', ...Array.from({ length: 8 }, (_, i) => lol(i + 1))].join('\n') + '\n';

    it('binary content is skipped and never rewritten, in every format', async () => {
      const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), Buffer.from('IHDR{"a": [1,}')]);
      for (const name of KINDS) {
        const { r } = await repairChecked(name, png);
        assert.equal(r.result.status, 'skipped', name);
        assert.match(r.result.reason ?? '', /binary/);
      }
    });

    it('invalid UTF-8 and lone surrogates (CESU-8 bytes) are unrepairable, with a position, never rewritten', async () => {
      const lone = Buffer.from([0xed, 0xa0, 0x80]); // U+D800 encoded as if it were a character
      for (const name of KINDS) {
        for (const bad of [Buffer.from([0xff, 0xfe]), lone, Buffer.from([0xc3])]) {
          const { r } = await repairChecked(name, Buffer.concat([Buffer.from('{\n  "a": "'), bad, Buffer.from('",\n}\n')]));
          assert.equal(r.result.status, 'unrepairable', name);
          assert.equal(r.result.error?.line, 2);
          assert.match(r.result.error?.message ?? '', /UTF-8/);
        }
      }
    });

    it('NUL bytes past the first 8 KB: a file with a NUL byte is never rewritten', async () => {
      const pad = Buffer.alloc(9000, 0x20);
      const broken: Record<string, string> = {
        'data.json': '{"a": [1, 2\0}',
        'config.yml': 'a: [1\0\n',
        '.gitlab-ci.yml': 'job:\n  script: [echo\0\n',
        'app.js': 'let a = "\0";\nlet b = (1;\n',
        'app.ts': 'let a: string = `\0`;\nlet b = (1;\n',
      };
      for (const [name, text] of Object.entries(broken)) {
        const { r } = await repairChecked(name, Buffer.concat([pad, Buffer.from(text)]));
        assert.equal(r.output, undefined, `${name} with a NUL byte was rewritten`);
        assert.notEqual(r.result.status, 'ok', name);
        assert.match(r.result.error?.message ?? r.result.reason ?? '', /NUL/, name);
      }
      // In the first 8 KB it is binary, as git sees it.
      const { r } = await repairChecked('app.js', Buffer.from('let a = "\0";\nlet b = (1;\n'));
      assert.equal(r.result.status, 'skipped');
    });

    it('a 5 MB JavaScript file: checked within its budget, broken is reported and not rewritten (valid stays ok: stress run)', async function () {
      const chunk = (i: number) => `export function f${i}(a, b) {\n  const s = \`value \${a} and \${b}\`;\n  return [a, b, { s, n: ${i} }].map((x) => x);\n}\n`;
      const parts: string[] = [];
      let size = 0;
      for (let i = 0; size < 5 * 1024 * 1024; i++) {
        parts.push(chunk(i));
        size += parts[parts.length - 1].length;
      }
      // The valid file (a 5 MB parse, ~4 s) under QMOI_STRESS=1 only: the default run keeps to its time budget.
      const ok = STRESS ? await repairChecked('big.js', Buffer.from(parts.join(''))) : undefined;
      if (ok) assert.equal(ok.r.result.status, 'ok');
      const mid = parts.length >> 1;
      parts[mid] = parts[mid].replace('return [a, b,', 'return [a, b');
      const broken = await repairChecked('big.js', Buffer.from(parts.join('')));
      assert.equal(broken.r.result.status, 'unrepairable');
      assert.equal(broken.r.output, undefined);
      assert.ok((broken.r.result.error?.line ?? 0) > 1000, 'the error is located');
      timings.push(`5 MB js: ${ok ? `${Math.round(ok.ms)} ms valid, ` : ''}${Math.round(broken.ms)} ms broken`);
    });

    it('JSON nested 50,000 deep: valid is ok, broken is repaired to valid JSON or left alone, quickly', async () => {
      const deep = (open: string, close: string, n: number) => open.repeat(n) + close.repeat(n);
      for (const text of [deep('[', ']', 50_000), deep('{"a":', '}', 50_000).replace('{"a":}', '{"a":1}')]) {
        assert.equal((await repairChecked('deep.json', Buffer.from(text))).r.result.status, 'ok');
      }
      for (const text of [deep('[', ']', 50_000).slice(0, -1), deep('[', ']', 50_000).replace('[]', '[,]'), '{"a":'.repeat(50_000) + '1' + '}'.repeat(49_999)]) {
        const { r } = await repairChecked('deep.json', Buffer.from(text));
        assert.ok(r.result.status === 'repaired' || r.result.status === 'unrepairable', r.result.status);
      }
      const { r } = await repairChecked('app.js', Buffer.from(`const x = ${deep('[', ']', 50_000)};\n`));
      assert.notEqual(r.result.status, 'repaired');
    });

    it('a YAML alias bomb (billion laughs) is refused quickly, as plain YAML and as .gitlab-ci.yml', async () => {
      for (const name of ['config.yml', '.gitlab-ci.yml']) {
        for (const text of [aliasBomb, aliasBomb + 'job:\n  script: [echo\n']) {
          const { r, ms } = await repairChecked(name, Buffer.from(text));
          assert.equal(r.result.status, 'unrepairable', name);
          assert.equal(r.output, undefined);
          assert.ok(ms < 3000, `${ms} ms`);
          if (text === aliasBomb) assert.match(r.result.error?.message ?? '', /alias/);
        }
      }
    });

    it('very long lines (1 MB on one line), broken or not, in every format', async () => {
      const long = 'x'.repeat(1 << 20);
      // One broken line per format by default; valid lines and more breakages under QMOI_STRESS=1.
      const texts: Record<string, string[]> = {
        'data.json': [`["${long}",]`, ...(STRESS ? [`{"a": "${long}"}`, `{"a": "${long}"`] : [])],
        'config.yml': [`a: [${long}\n`, ...(STRESS ? [`a: "${long}"\n`, `a: "${long}\n`] : [])],
        'app.js': [`f("${long}";\n`, ...(STRESS ? [`const a = "${long}";\n`, `const a = ["${long}";\n`] : [])],
        'app.ts': [`const a: string = ("${long}";\n`, ...(STRESS ? [`const a: string = "${long}";\n`] : [])],
      };
      for (const [name, list] of Object.entries(texts)) for (const t of list) await repairChecked(name, Buffer.from(t));
    });

    it('odd unicode (BOM, RTL override, zero-width joiners, U+2028, astral keys, combining marks) survives a repair', async () => {
      const odd = ['\u202e', '\u200d', '\u2028', '\u{1F600}', 'e\u0301', '\u{10FFFF}', '\uFFFD'];
      const cases: Record<string, string> = {
        'data.json': `\uFEFF{\n  "k\u{1F600}": "a\u202eb\u200dc\u2028",\n  "e\u0301": "\u{10FFFF}\uFFFD"\n  "z": 1\n}\n`,
        'config.yml': `\uFEFFk\u{1F600}: "a\u202eb\u200dc"\ne\u0301: [\u{10FFFF}, \uFFFD\nz: 1\n`,
        'app.js': `\uFEFFconst k\u0301 = "a\u202eb\u200dc\u2028\u{1F600}";\nconst z = ["\u{10FFFF}\uFFFD";\n`,
        'app.ts': `\uFEFFconst k: string = "a\u202eb\u200dc\u2028\u{1F600}";\nconst z = f("\u{10FFFF}\uFFFD";\n`,
      };
      for (const [name, text] of Object.entries(cases)) {
        const { r } = await repairChecked(name, Buffer.from(text));
        assert.equal(r.result.status, 'repaired', `${name}: ${JSON.stringify(r.result.error)}`);
        const out = r.output!.toString('utf8');
        assert.ok(out.startsWith('\uFEFF'), `${name} keeps its BOM`);
        for (const ch of odd) if (text.includes(ch)) assert.equal(out.split(ch).length, text.split(ch).length, `${name} keeps ${JSON.stringify(ch)}`);
      }
    });

    it('through the CLI: repair --json leaves every unrepairable or skipped file byte for byte, repairs parse, exit 1', function () {
      this.timeout(scale(60_000, 300_000));
      const dir = tempDir('qmoi-hostile-');
      const state = tempDir('qmoi-state-');
      try {
        const files: Record<string, Buffer> = {
          'binary.json': Buffer.from([0x7b, 0x00, 0x22, 0x61, 0x22, 0x7d]),
          'latin1.yml': Buffer.from([0x61, 0x3a, 0x20, 0xe9, 0x0a, 0x62, 0x3a, 0x20, 0x5b, 0x0a]),
          'surrogate.js': Buffer.concat([Buffer.from('let s = "'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('";\nf(;\n')]),
          'bomb.yml': Buffer.from(aliasBomb),
          '.gitlab-ci.yml': Buffer.from(aliasBomb + 'job:\n  script: [echo\n'),
          'deep.json': Buffer.from('['.repeat(50_000) + ']'.repeat(49_999)),
          'long.json': Buffer.from(`{"a": "${'y'.repeat(1 << 20)}",}`),
          'nul.yml': Buffer.concat([Buffer.alloc(9000, 0x20), Buffer.from('a: [1\0\n')]),
          'broken.tsx': Buffer.from('export const A = () => <div>{f(1}</div>;\n'),
          'ok.jsx': Buffer.from('export const A = () => <div>{f(1)}</div>;\n'),
        };
        for (const [n, b] of Object.entries(files)) fs.writeFileSync(path.join(dir, n), b);
        const names = Object.keys(files);
        const t0 = Date.now();
        const r = runCli(dir, ['repair', '--json', ...names], { env: { XDG_STATE_HOME: state }, timeoutMs: 120_000 });
        const ms = Date.now() - t0;
        assert.equal(r.status, 1, r.stderr);
        assert.equal(r.stderr.includes('    at '), false, `no stack trace: ${r.stderr}`);
        const doc = JSON.parse(r.stdout) as { files: { file: string; status: string }[] };
        const status = Object.fromEntries(doc.files.map((f) => [f.file, f.status]));
        assert.deepEqual(Object.keys(status).sort(), [...names].sort());
        for (const n of names) {
          const now = fs.readFileSync(path.join(dir, n));
          if (status[n] === 'repaired') assert.ok(parsesAs(n, now.toString('utf8')), `${n} repaired but does not parse`);
          else assert.ok(now.equals(files[n]), `${n} (${status[n]}) changed on disk`);
        }
        assert.equal(status['binary.json'], 'skipped');
        assert.equal(status['latin1.yml'], 'unrepairable');
        assert.equal(status['surrogate.js'], 'unrepairable');
        assert.equal(status['bomb.yml'], 'unrepairable');
        assert.equal(status['ok.jsx'], 'ok');
        assert.equal(status['broken.tsx'], 'repaired');
        const v = runCli(dir, ['validate', '--json', ...names], { env: { XDG_STATE_HOME: state }, timeoutMs: 120_000 });
        assert.equal(v.status, 1, v.stderr);
        assert.equal(JSON.parse(v.stdout).files.length, names.length);
        timings.push(`CLI repair of the fixed cases: ${ms} ms`);
      } finally {
        cleanup(dir, state);
      }
    });
  });

  if (STRESS) {
    it('stress: larger random inputs (up to 20 KB) in every format', async () => {
      for (const name of KINDS) {
        await fc.assert(
          fc.asyncProperty(fc.array(fc.constantFrom(...piecesFor(name)), { maxLength: 3000 }), async (p) => {
            await repairChecked(name, Buffer.from(p.join('')));
          }),
          { numRuns: 100 },
        );
      }
    });
  }
});
