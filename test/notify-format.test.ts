// Fitting messages into the services' limits, for any input (property-based), and keeping nodemailer out of
// what hooks load.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { chunk, fit, TRUNCATED } from '../src/notify/fit.js';
import { discordPayload, DISCORD_LIMITS } from '../src/notify/format-discord.js';
import { slackPayload, SLACK_LIMITS } from '../src/notify/format-slack.js';
import type { NotifyEvent } from '../src/notify/index.js';
import { PROJECT_ROOT } from './helpers/repo.js';
import { discordProblem, slackProblem } from './helpers/webhook-server.js';

const anyEvent: fc.Arbitrary<NotifyEvent> = fc.record({
  event: fc.constantFrom('repair', 'push.success', 'push.failure', 'ci', 'health', 'test'),
  level: fc.constantFrom('info', 'warning', 'error'),
  title: fc.string({ maxLength: 6000, unit: 'grapheme' }),
  text: fc.oneof(fc.string({ maxLength: 50000 }), fc.array(fc.constantFrom('a & b <x>\n', '😀', 'line\n', '&'.repeat(40)), { maxLength: 5000 }).map((a) => a.join(''))),
  fields: fc.option(fc.dictionary(fc.string({ maxLength: 300 }), fc.string({ maxLength: 3000 }), { maxKeys: 40 }), { nil: undefined }),
});

describe('notify: fitting messages into the limits', () => {
  it('fit: never longer than the limit, unchanged when it fits, marked when cut, never a broken surrogate pair', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400, unit: 'grapheme' }), fc.integer({ min: 0, max: 300 }), (s, max) => {
        const out = fit(s, max);
        assert.ok(out.length <= max);
        if (s.length <= max) assert.equal(out, s);
        else if (max >= TRUNCATED.length) {
          assert.ok(out.endsWith(TRUNCATED));
          assert.ok(s.startsWith(out.slice(0, -TRUNCATED.length)));
          assert.doesNotMatch(out, /[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
        }
      }),
    );
  });

  it('chunk: pieces within the limit that join back to the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), fc.integer({ min: 8, max: 300 }), (s, max) => {
        const pieces = chunk(s, max);
        assert.equal(pieces.join(''), s);
        assert.ok(pieces.every((p) => p.length <= max));
      }),
    );
    assert.deepEqual(chunk('aaaa\nbbbb\ncc', 10), ['aaaa\nbbbb\n', 'cc']);
    assert.deepEqual(chunk('x &amp; y', 6), ['x ', '&amp; ', 'y']);
  });

  it('any event makes a Slack message and a Discord message within every limit', () => {
    fc.assert(
      fc.property(anyEvent, fc.string({ maxLength: 200 }), (ev, username) => {
        const s = slackPayload(ev, { username });
        assert.equal(slackProblem(s), undefined);
        assert.ok(s.blocks.length <= SLACK_LIMITS.blocks);
        const d = discordPayload(ev, { username });
        assert.equal(discordProblem(d), undefined);
        assert.ok(d.content.length <= DISCORD_LIMITS.content && d.content.length > 0);
      }),
      { numRuns: 150 },
    );
  });

  it('keeps short events whole', () => {
    const ev: NotifyEvent = { event: 'ci', level: 'warning', title: 'CI: 2 files repaired', text: 'a.json\nb.yaml', fields: { job: 'build' } };
    assert.doesNotMatch(JSON.stringify(slackPayload(ev)) + JSON.stringify(discordPayload(ev)), /truncated/);
    assert.equal(discordPayload(ev).embeds?.[0].description, 'a.json\nb.yaml');
  });
});

describe('notify: hooks stay fast', () => {
  /** Every module reachable from `entry` through static imports of the built code. */
  function staticGraph(entry: string): Set<string> {
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      if (!file.startsWith('/')) return;
      const code = fs.readFileSync(file, 'utf8');
      for (const m of code.matchAll(/^(?:import|export)\s(?:[^'";]*?\sfrom\s)?['"]([^'"]+)['"]/gm)) {
        visit(m[1].startsWith('.') ? path.resolve(path.dirname(file), m[1]) : m[1]);
      }
    };
    visit(entry);
    return seen;
  }

  it('loads nodemailer only when an e-mail is sent (no static import on the hook path)', () => {
    const dist = path.join(PROJECT_ROOT, 'dist');
    for (const entry of ['cli/run-hook.js', 'notify/index.js', 'core/monitor.js']) {
      const graph = staticGraph(path.join(dist, entry));
      assert.ok(graph.has(path.join(dist, 'notify/retry.js')) || entry === 'cli/run-hook.js', `${entry} graph was walked`);
      assert.ok(![...graph].some((m) => m === 'nodemailer' || m.startsWith('nodemailer/')), `${entry} imports nodemailer statically`);
    }
    assert.match(fs.readFileSync(path.join(dist, 'notify/email.js'), 'utf8'), /await import\('nodemailer'\)/);
  });
});
