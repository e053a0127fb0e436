import assert from 'node:assert/strict';
import fs from 'node:fs';
import { repairBuffer, type BufferRepair } from '../src/core/repair/repair-buffer.js';
import { yamlRepairer } from '../src/core/repair/yaml.js';

const fixture = (name: string) => fs.readFileSync(new URL(`./fixtures/yaml/${name}`, import.meta.url), 'utf8');

/** The fixture with one line (1-based) changed, as a user's broken file. */
function broken(text: string, line: number, change: (l: string) => string): string {
  const lines = text.split('\n');
  lines[line - 1] = change(lines[line - 1]);
  return lines.join('\n');
}

async function repair(file: string, text: string): Promise<BufferRepair> {
  return repairBuffer(file, Buffer.from(text, 'utf8'));
}

describe('YAML repair', () => {
  const settings = fixture('settings.yml');

  const faults: [string, number, (l: string) => string, RegExp][] = [
    ['a tab used for indentation', 8, (l) => l.replace(/^ +/, (s) => '\t'.repeat(s.length / 2)), /tab indentation with 4 spaces/],
    ["a key without its ':'", 13, (l) => l.replace(':', ''), /added ':' after key 'format'/],
    ['a line indented one space too far', 12, (l) => ' ' + l, /one space less/],
    ['a line indented one space too little', 7, (l) => l.slice(1), /one more space/],
    ['an unclosed double quote', 3, (l) => l.slice(0, -1), /closed the double quote/],
    ['an unclosed single quote', 9, (l) => l.slice(0, -1), /closed the single quote/],
    ["an unclosed '['", 5, (l) => l.replace(']', ''), /closed '\]'/],
  ];
  for (const [what, line, change, description] of faults) {
    it(`repairs ${what} and leaves every other byte as it was`, async () => {
      const r = await repair('settings.yml', broken(settings, line, change));
      assert.equal(r.result.status, 'repaired', JSON.stringify(r.result.error));
      assert.equal(r.output?.toString('utf8'), settings);
      assert.equal(r.result.fixes.length, 1);
      assert.equal(r.result.fixes[0].line, line);
      assert.match(r.result.fixes[0].description, description);
    });
  }

  it("repairs an unclosed '{' inside a flow mapping", async () => {
    const text = 'limits: { cpu: 2, memory: 512}\nname: x\n';
    const r = await repair('limits.yml', broken(text, 1, (l) => l.replace('}', '')));
    assert.equal(r.output?.toString('utf8'), text);
  });

  it('closes a quote before the comment it swallowed, not at the end of the line', async () => {
    const text = 'env:\n  DEBUG: "true"  # set by CI\n  LEVEL: info\n';
    const r = await repair('env.yml', broken(text, 2, (l) => l.replace('"true"', '"true')));
    assert.equal(r.output?.toString('utf8'), text);
  });

  it('keeps CRLF line endings and a BOM around a repair', async () => {
    const text = '\uFEFF' + settings.replace(/\n/g, '\r\n');
    const r = await repair('settings.yml', broken(text, 13, (l) => l.replace(':', '')));
    assert.equal(r.output?.toString('utf8'), text);
  });

  it('declines when two repairs read differently and neither is clearly better, leaving the file untouched', async () => {
    // ' format: json' at column 2 could belong to `logging` (one more space) or be a top-level key (one less).
    const text = broken(settings, 13, (l) => l.slice(1));
    const r = await repair('settings.yml', text);
    assert.equal(r.result.status, 'unrepairable');
    assert.equal(r.output, undefined);
    assert.equal(r.result.error?.line, 13);
    assert.equal(r.result.error?.column, 1);
    assert.match(r.result.error?.message ?? '', /same column/);
    assert.match(r.result.error?.suggestion ?? '', /more than one repair fits: line 13: .* or line 13: /);
  });

  it('does not guess at an error that no one-line repair explains (a duplicate key)', async () => {
    const r = await repair('settings.yml', settings + 'service: {}\n');
    assert.equal(r.result.status, 'unrepairable');
    assert.equal(r.result.error?.line, 14);
    assert.match(r.result.error?.suggestion ?? '', /rename or remove one of the two keys/);
  });

  it('gives a next step for every error it will not repair (a compact nested mapping)', async () => {
    const r = await repair('compact.yml', 'a: b: c: d\n');
    assert.equal(r.result.status, 'unrepairable');
    assert.match(r.result.error?.suggestion ?? '', /own indented line, or quote the value/);
  });

  it('says ok for a valid file and does not touch it', async () => {
    const r = await repair('settings.yml', settings);
    assert.equal(r.result.status, 'ok');
    assert.equal(r.output, undefined);
  });

  it('only validates when asked to, without searching', () => {
    const r = yamlRepairer.repair(broken(settings, 13, (l) => l.replace(':', '')), { path: 'settings.yml', deadline: Date.now() + 5000, validateOnly: true });
    assert.equal((r as { status: string }).status, 'unrepairable');
  });

  it('gives up cleanly once the deadline has passed', () => {
    const r = yamlRepairer.repair(broken(settings, 12, (l) => ' ' + l), { path: 'settings.yml', deadline: Date.now() - 1 });
    assert.ok(!('then' in r) && r.status === 'unrepairable');
    assert.match(r.error.message, /gave up/);
  });

  it('stops an alias bomb fast with a clear message at the first alias', async () => {
    let bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    for (let i = 1; i < 10; i++) bomb += `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill('*' + String.fromCharCode(96 + i)).join(',')}]\n`;
    const started = Date.now();
    const r = await repair('bomb.yml', bomb);
    assert.ok(Date.now() - started < 1000, 'took too long');
    assert.equal(r.result.status, 'unrepairable');
    assert.match(r.result.error?.message ?? '', /alias bomb/);
    assert.deepEqual([r.result.error?.line, r.result.error?.column], [2, 8]);
  });

  it('reports an alias to an anchor that does not exist where the alias is', async () => {
    const r = await repair('a.yml', 'x: 1\ny: *nowhere\n');
    assert.equal(r.result.status, 'unrepairable');
    assert.deepEqual([r.result.error?.line, r.result.error?.column], [2, 4]);
    assert.match(r.result.error?.message ?? '', /nowhere/);
  });

  it('repairs one document of a multi-document stream', async () => {
    const text = 'kind: A\nspec:\n  size: 1\n---\nkind: B\nspec:\n  size: 2\n  name: b\n';
    const r = await repair('k8s.yaml', broken(text, 8, (l) => '\t' + l.trimStart()));
    assert.equal(r.output?.toString('utf8'), text);
  });
});
