import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { packageJsonRepairer } from '../src/core/repair/package-json.js';
import type { RepairOutcome } from '../src/core/repair/types.js';

const pkg = readFileSync(new URL('./fixtures/json/package.json', import.meta.url), 'utf8');

async function check(text: string): Promise<RepairOutcome> {
  return packageJsonRepairer.repair(text, { path: 'packages/widget/package.json', deadline: Date.now() + 5000 });
}

function edited(from: string, to: string): string {
  assert.equal(pkg.split(from).length, 2, `fixture must contain ${JSON.stringify(from)} once`);
  return pkg.replace(from, () => to);
}

/** The error of an outcome that must be unrepairable. */
function blocked(r: RepairOutcome) {
  assert.equal(r.status, 'unrepairable', JSON.stringify(r));
  return r.status === 'unrepairable' ? r.error : { line: 0, column: 0, message: '' };
}

describe('package.json checks', () => {
  it('passes a sound package.json without a word', async () => {
    assert.deepEqual(await check(pkg), { status: 'ok' });
  });

  it('blocks a duplicate key, pointing at the one JSON.parse keeps', async () => {
    const error = blocked(await check(edited('  "engines": {', '  "scripts": {\n    "start": "node ."\n  },\n  "engines": {')));
    assert.deepEqual([error.line, error.column], [31, 3]);
    assert.match(error.message, /duplicate key "scripts" \(first at line 18\)/);
  });

  it('blocks a duplicate dependency', async () => {
    const error = blocked(await check(edited('"semver": "~7.8.0"', '"semver": "~7.8.0",\n    "chalk": "^4.0.0"')));
    assert.equal(error.line, 26);
    assert.match(error.message, /duplicate key "chalk"/);
  });

  it('blocks a version range npm install fails on, at the range', async () => {
    const error = blocked(await check(edited('"~7.8.0"', '"^7.x.x.1"')));
    assert.deepEqual([error.line, error.column], [25, 15]);
    assert.match(error.message, /"dependencies"."semver": "\^7.x.x.1" is not a valid version range/);
    assert.ok(error.suggestion);
  });

  it('blocks a four-part version that npm would look up as a tag', async () => {
    assert.match(blocked(await check(edited('"12.0.3"', '"12.0.3.1"'))).message, /"devDependencies"."mocha"/);
  });

  it("accepts npm's other specifier forms", async () => {
    const specs = ['latest', 'next', '*', '', 'https://example.com/x.tgz', 'git+ssh://git@github.com/a/b.git#v1', 'github:a/b', 'a/b#main', 'file:../lib', 'link:../lib', './vendor/x', 'workspace:*', 'workspace:^', 'npm:other-name@^1.2.0', 'catalog:', '1.x', '>=1.2.3 <2 || ^3'];
    const deps = specs.map((s, i) => `    "d${i}": ${JSON.stringify(s)}`).join(',\n');
    assert.deepEqual(await check(edited('    "chalk": "^5.6.2",\n    "semver": "~7.8.0"', deps)), { status: 'ok' });
  });

  it('checks the range inside an npm: alias', async () => {
    assert.match(blocked(await check(edited('"~7.8.0"', '"npm:semver@^7..1"'))).message, /not a valid version range/);
  });

  it('blocks scripts and dependencies that are not objects of strings', async () => {
    assert.match(blocked(await check(edited('"lint": "eslint . --max-warnings 0"', '"lint": ["eslint", "."]'))).message, /"scripts"."lint" must be a string/);
    assert.match(blocked(await check(edited('"chalk": "^5.6.2"', '"chalk": 5'))).message, /"dependencies"."chalk" must be a string/);
    assert.match(blocked(await check(edited('"devDependencies": {\n    "mocha": "12.0.3",\n    "typescript": ">=5.4 <8"\n  }', '"devDependencies": ["mocha"]'))).message, /"devDependencies" must be an object/);
  });

  it('blocks a package.json that is not an object', async () => {
    assert.match(blocked(await check('["not", "a", "package"]\n')).message, /must hold a JSON object/);
  });

  it('lets a private package go without name and version', async () => {
    assert.deepEqual(await check('{\n  "private": true,\n  "scripts": {\n    "dev": "vite"\n  }\n}\n'), { status: 'ok' });
  });

  it('warns, without blocking, when a package to publish has no version', async () => {
    const r = await check(edited('  "version": "2.4.1",\n', ''));
    assert.equal(r.status, 'ok');
    assert.match(r.status === 'ok' ? (r.warnings?.[0]?.message ?? '') : '', /no "version"/);
  });

  it('repairs the syntax and still reports a warning, at its line in the repaired file', async () => {
    const r = await check(edited('  "version": "2.4.1",\n  "description": "Widgets, gadgets and the glue between them",', '  "description": "Widgets, gadgets and the glue between them"'));
    assert.equal(r.status, 'repaired');
    if (r.status !== 'repaired') return;
    assert.equal(r.text, edited('  "version": "2.4.1",\n', ''));
    assert.equal(r.warnings?.length, 1);
  });

  it('does not write a syntax repair when a blocking problem remains, and points into the file as it is', async () => {
    const text = edited('  "main": "./dist/index.js",', '  // entry point\n  "main": "./dist/index.js",').replace('"~7.8.0"', '"~7.8.0.0"');
    const r = await check(text);
    const error = blocked(r);
    assert.deepEqual([error.line, error.column], [26, 15]);
    assert.match(r.status === 'unrepairable' ? (r.warnings?.[0]?.message ?? '') : '', /also needs a syntax repair: removed comment/);
  });
});
