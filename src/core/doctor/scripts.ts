// The npm scripts install adds (qmoi-setup, qmoi-error-recovery, qmoi-auto-push) and the `prepare` part that
// gives a fresh clone its hooks on `npm install`. Scripts the user changed are theirs and count as present.
import fs from 'node:fs';
import path from 'node:path';
import { isQmoiHooksItself } from '../install/index.js';
import { NPM_SCRIPTS, addScripts } from '../install/package-json.js';
import { packageJsonProblem } from './package-json.js';
import type { Finding, FixContext, FixOutcome } from './types.js';

/** Checks the npm scripts in the package.json at `root`. */
export function checkScripts(root: string): Finding {
  const name = 'npm scripts';
  if (isQmoiHooksItself(root)) return { name, level: 'ok', detail: "qmoi-hooks' own repository: it needs none" };
  const fixer = { key: 'npm scripts', run: fixScripts };
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8').replace(/^\uFEFF/, ''));
  } catch {
    return { name, level: 'problem', detail: 'cannot be checked: package.json cannot be read', fix: 'repair package.json first, then add them', fixer };
  }
  const scripts = (data as { scripts?: unknown } | null)?.scripts ?? {};
  if (!scripts || typeof scripts !== 'object' || Array.isArray(scripts)) {
    return { name, level: 'problem', detail: '"scripts" in package.json is not an object', fix: 'make "scripts" an object in package.json, then run "qmoi-hooks doctor --fix"' };
  }
  const s = scripts as Record<string, unknown>;
  const missing = Object.keys(NPM_SCRIPTS).filter((n) => typeof s[n] !== 'string');
  const prepare = typeof s.prepare === 'string' && s.prepare.includes('qmoi-hooks install');
  if (!missing.length && prepare) return { name, level: 'ok', detail: [...Object.keys(NPM_SCRIPTS), 'prepare'].join(', ') };
  const what = [...(missing.length ? [`missing ${missing.join(', ')}`] : []), ...(prepare ? [] : ['"prepare" does not run "qmoi-hooks install" (a fresh clone gets no hooks from npm install)'])];
  return { name, level: 'problem', detail: what.join('; '), fix: 'add them (your own scripts are kept)', fixer };
}

async function fixScripts(ctx: FixContext): Promise<FixOutcome> {
  if (await packageJsonProblem(ctx.ws.root)) return { ok: false, did: ['not added: package.json must be repaired first'], backups: [] };
  const actions = addScripts(ctx.ws.root);
  return { ok: true, did: actions.filter((a) => !a.detail.startsWith('kept')).map((a) => `${a.target}: ${a.detail}`), backups: [] };
}
