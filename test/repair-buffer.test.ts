import assert from 'node:assert/strict';
import { repairBuffer } from '../src/core/repair/repair-buffer.js';

describe('repairBuffer (format-independent guards)', () => {
  it('skips binary content without reading it as text', async () => {
    const r = await repairBuffer('a.json', Buffer.from([0x7b, 0x00, 0x7d]));
    assert.equal(r.result.status, 'skipped');
    assert.match(r.result.reason ?? '', /binary/);
    assert.equal(r.output, undefined);
  });

  it('reports invalid UTF-8 with its position and never rewrites it', async () => {
    const r = await repairBuffer('a.json', Buffer.concat([Buffer.from('{\n  "a": "'), Buffer.from([0xff]), Buffer.from('"\n}')]));
    assert.equal(r.result.status, 'unrepairable');
    assert.equal(r.result.error?.line, 2);
    assert.match(r.result.error?.message ?? '', /UTF-8/);
    assert.equal(r.output, undefined);
  });

  it('skips files of an unknown format', async () => {
    const r = await repairBuffer('notes.txt', Buffer.from('hello'));
    assert.equal(r.result.status, 'skipped');
  });

  it('refuses files over the hard size limit with a clear reason', async () => {
    const r = await repairBuffer('big.json', Buffer.alloc(2048, 0x20), { limits: { maxBytes: 1024 } });
    assert.equal(r.result.status, 'skipped');
    assert.match(r.result.reason ?? '', /too large/);
  });

  it('gives a plugin the text without BOM and CRLF, and restores both', async () => {
    let seen = '';
    const plugin = {
      language: 'upper',
      matches: (f: string) => f.endsWith('.up'),
      repair: (text: string) => {
        seen = text;
        return { status: 'repaired' as const, text: text.toUpperCase(), fixes: [{ line: 1, column: 1, description: 'upper-cased' }] };
      },
    };
    const r = await repairBuffer('x.up', Buffer.from('\uFEFFab\r\ncd\r\n'), { plugins: [plugin] });
    assert.equal(seen, 'ab\ncd\n');
    assert.equal(r.result.status, 'repaired');
    assert.equal(r.output?.toString('utf8'), '\uFEFFAB\r\nCD\r\n');
  });

  it('turns a repairer that throws into an unrepairable result', async () => {
    const plugin = { language: 'boom', matches: () => true, repair: () => { throw new Error('kaboom'); } };
    const r = await repairBuffer('x.boom', Buffer.from('x'), { plugins: [plugin] });
    assert.equal(r.result.status, 'unrepairable');
    assert.match(r.result.error?.message ?? '', /kaboom/);
  });
});
