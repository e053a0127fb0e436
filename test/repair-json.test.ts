import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { jsonRepairer } from '../src/core/repair/json.js';
import { repairBuffer } from '../src/core/repair/repair-buffer.js';
import type { RepairContext, RepairOutcome } from '../src/core/repair/types.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/json/${name}`, import.meta.url), 'utf8');
const pkg = fixture('package.json');
const tsconfig = fixture('tsconfig.json');

async function repair(text: string, path = 'data.json', ctx: Partial<RepairContext> = {}): Promise<RepairOutcome> {
  return jsonRepairer.repair(text, { path, deadline: Date.now() + 5000, ...ctx });
}

/** The text with `from` (which must occur exactly once) replaced by `to`. */
function broken(text: string, from: string, to: string): string {
  assert.equal(text.split(from).length, 2, `fixture must contain ${JSON.stringify(from)} once`);
  return text.replace(from, () => to);
}

describe('JSON repair', () => {
  it('names the hand fix when no repair is clear: the container a closer does not match, or the spot to look at', async () => {
    const mismatch = await repair('{"a": 1, "b": [1, 2}, "c": {"d": ]}\n');
    assert.equal(mismatch.status, 'unrepairable');
    assert.equal((mismatch as { error: { suggestion?: string } }).error.suggestion, "close the '[' of 1:15 with ']' before this '}', or remove this '}'");
    const values = await repair('{\n  "a": 1 2 3,\n  "b": {"c" 1 1}\n}\n');
    assert.equal(values.status, 'unrepairable');
    assert.match((values as { error: { suggestion?: string } }).error.suggestion ?? '', /^look just before this spot \(inside the '\{' of 1:1\)/);
  });

  it('checks a valid file and leaves it alone', async () => {
    assert.deepEqual(await repair(pkg), { status: 'ok' });
  });

  it('repairs a doubled comma with a one-character diff and says where', async () => {
    const bad = broken(pkg, '"^5.6.2",', '"^5.6.2",,');
    const r = await repair(bad);
    assert.equal(r.status, 'repaired');
    if (r.status !== 'repaired') return;
    assert.equal(r.text, pkg);
    assert.equal(bad.length - r.text.length, 1);
    assert.deepEqual(r.fixes, [{ line: 24, column: 22, description: "removed ','" }]);
  });

  const faults: Array<[string, string, string]> = [
    ['a missing comma', '"./dist/index.js",\n  "exports"', '"./dist/index.js"\n  "exports"'],
    ['a trailing comma', '"eslint . --max-warnings 0"', '"eslint . --max-warnings 0",'],
    ['a missing inner }', '    },\n    "./package.json"', '    ,\n    "./package.json"'],
    ['a missing } whose line is left blank', '    "node": ">=20.19"\n  }', '    "node": ">=20.19"\n  '],
    ['a missing ] of a multi-line array', '    "gadget"\n  ],', '    "gadget"\n  ,'],
    ['a missing ] of a one-line array', '["dist", "README.md"],', '["dist", "README.md",'],
    ['a missing opening quote', '"description": "Widgets', '"description": Widgets'],
    ['a missing closing quote', '"gadget"\n', '"gadget\n'],
    ['a missing colon', '"main": "./dist', '"main" "./dist'],
    ['single quotes', '"types": "./dist/index.d.ts"', "'types': './dist/index.d.ts'"],
    ['a comment line', '  "engines": {', '  // TODO: check this\n  "engines": {'],
    ['a comment after a value', '"version": "2.4.1",', '"version": "2.4.1", // bump on release'],
    ['a lost final }', '  }\n}\n', '  }\n\n'],
  ];
  for (const [name, from, to] of faults) {
    it(`restores the original text after ${name}`, async () => {
      const r = await repair(broken(pkg, from, to));
      assert.equal(r.status, 'repaired', JSON.stringify(r));
      if (r.status === 'repaired') assert.equal(r.text, pkg);
    });
  }

  it('repairs what one edit cannot, when it only takes a few quotes or commas near the error', async () => {
    const unquoted = await repair(broken(pkg, '"main": "./dist/index.js"', 'main: "./dist/index.js"'));
    assert.equal(unquoted.status === 'repaired' && unquoted.text, pkg);
    const two = await repair(broken(pkg, '"widget",\n    "gadget"', '"widget"\n    gadget"'));
    assert.equal(two.status === 'repaired' && two.text, pkg);
    assert.deepEqual(two.status === 'repaired' && two.fixes.map((f) => f.description), ["inserted ','", 'inserted \'"\'']);
  });

  it('declines rather than invent content or rewrite far from the error', async () => {
    assert.equal((await repair('{"a": True}')).status, 'unrepairable');
    assert.equal((await repair('{\n  "a": ,\n  "b": 1\n}\n')).status, 'unrepairable');
    assert.equal((await repair('{\n  name: "x",\n  "b": 1,\n  "c": 2,\n  version: "1"\n}\n')).status, 'unrepairable');
  });

  it('places an inner missing ] by the indentation, not where the parser gave up', async () => {
    const original = '{\n  "a": {\n    "list": [\n      1,\n      2\n    ],\n    "b": true\n  },\n  "c": 3\n}\n';
    const r = await repair(broken(original, '    ],\n', '    ,\n'));
    assert.equal(r.status, 'repaired');
    if (r.status === 'repaired') {
      assert.equal(r.text, original);
      assert.deepEqual(r.fixes.map((f) => [f.line, f.column]), [[6, 5]]);
    }
  });

  it('places a missing } where the indentation drops, though the parser only fails at the end', async () => {
    const original = '[\n  {\n    "id": 1,\n    "tags": {\n      "x": 1\n    }\n  },\n  {\n    "id": 2\n  }\n]\n';
    const r = await repair(broken(original, '      "x": 1\n    }\n', '      "x": 1\n\n'));
    assert.equal(r.status, 'repaired');
    if (r.status === 'repaired') assert.equal(r.text, original);
  });

  it('closes a file that lost its last line and keeps its final newline', async () => {
    const r = await repair('{\n  "a": [\n    1\n  ]\n');
    assert.equal(r.status === 'repaired' && r.text, '{\n  "a": [\n    1\n  ]\n}\n');
  });

  it('puts a lost quote next to its word, not next to a space', async () => {
    const r = await repair('{ "type": "module }\n');
    assert.equal(r.status === 'repaired' && r.text, '{ "type": "module" }\n');
  });

  it('repairs a top-level array and a minified file', async () => {
    const a = await repair('[1, 2, 3');
    assert.equal(a.status === 'repaired' && a.text, '[1, 2, 3]');
    const b = await repair('{"a": 1 "b": [true, null]}');
    assert.equal(b.status === 'repaired' && b.text, '{"a": 1, "b": [true, null]}');
  });

  it('declines an ambiguous repair, leaving the file as it was and saying where and why', async () => {
    const text = '{"a": {"b": 1, "c": 2}';
    const r = await repairBuffer('data.json', Buffer.from(text));
    assert.equal(r.result.status, 'unrepairable');
    assert.equal(r.output, undefined);
    assert.deepEqual([r.result.error?.line, r.result.error?.column], [1, 23]);
    assert.match(r.result.error?.message ?? '', /ends before '\{' is closed/);
    assert.match(r.result.error?.suggestion ?? '', /two repairs fit equally well/);
  });

  it('declines a file that was cut off rather than guess its end', async () => {
    const r = await repair('{\n  "a": {\n    "b": [\n      1,\n');
    assert.equal(r.status, 'unrepairable');
    if (r.status === 'unrepairable') assert.match(r.error.suggestion ?? '', /cut off/);
  });

  describe('JSONC (tsconfig.json and the like)', () => {
    it('accepts comments and trailing commas as they are', async () => {
      assert.deepEqual(await repair(tsconfig, 'packages/app/tsconfig.json'), { status: 'ok' });
      assert.deepEqual(await repair(tsconfig, '.vscode/settings.json'), { status: 'ok' });
      assert.deepEqual(await repair(tsconfig, 'tsconfig.build.json'), { status: 'ok' });
      assert.deepEqual(await repair(tsconfig, '.eslintrc.json'), { status: 'ok' });
      assert.deepEqual(await repair(tsconfig, '.devcontainer/devcontainer.json'), { status: 'ok' });
      assert.deepEqual(await repair(tsconfig, 'devcontainer.json'), { status: 'ok' });
    });

    it('repairs a real error and keeps every comment and trailing comma', async () => {
      const r = await repair(broken(tsconfig, '"strict": true,', '"strict": true'), 'tsconfig.json');
      assert.equal(r.status, 'repaired');
      if (r.status === 'repaired') assert.equal(r.text, tsconfig);
    });

    it('removes comments and trailing commas from strict JSON, which does not allow them', async () => {
      const r = await repair(tsconfig, 'config.json');
      assert.equal(r.status, 'repaired');
      if (r.status !== 'repaired') return;
      assert.doesNotThrow(() => JSON.parse(r.text));
      assert.equal(r.fixes.filter((f) => /comment/.test(f.description)).length, 3);
      assert.equal(r.fixes.filter((f) => /trailing/.test(f.description)).length, 2);
    });
  });

  describe('limits', () => {
    it('answers quickly and clearly for JSON nested 50,000 deep', async () => {
      const started = Date.now();
      const broken50k = await repair('['.repeat(50000));
      assert.equal(broken50k.status, 'unrepairable');
      if (broken50k.status === 'unrepairable') assert.match(broken50k.error.suggestion ?? '', /nested 50000 levels deep/);
      assert.deepEqual(await repair('['.repeat(50000) + ']'.repeat(50000)), { status: 'ok' });
      assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
    });

    it('reports a NUL byte where it is, without searching', async () => {
      const text = `{\n${'  "k": "v",\n'.repeat(1000)}  "z": "\0"\n}\n`;
      const r = await repairBuffer('data.json', Buffer.from(text));
      assert.equal(r.result.status, 'unrepairable');
      assert.equal(r.result.error?.line, 1002);
      assert.match(r.result.error?.message ?? '', /NUL byte/);
    });

    it('only checks when asked to validate', async () => {
      const r = await repair(broken(pkg, '"^5.6.2",', '"^5.6.2"'), 'data.json', { validateOnly: true });
      assert.equal(r.status, 'unrepairable');
      if (r.status === 'unrepairable') assert.deepEqual([r.error.line, r.error.column], [25, 5]);
    });

    it('gives up cleanly once the deadline has passed', async () => {
      const r = await repair(broken(pkg, '"^5.6.2",', '"^5.6.2"'), 'data.json', { deadline: Date.now() - 1 });
      assert.equal(r.status, 'unrepairable');
      if (r.status === 'unrepairable') assert.match(r.error.suggestion ?? '', /gave up/);
    });

    it('skips JSON5 and rc files that hold YAML', async () => {
      assert.equal((await repair('{a: 1}', 'config.json5')).status, 'skipped');
      assert.equal((await repair('root: true\n', '.eslintrc')).status, 'skipped');
    });
  });
});
