// The package.json side of install: our npm scripts and the `prepare` hook-up, written without
// reformatting the user's file (indentation and trailing newline kept).
import fs from 'node:fs';
import path from 'node:path';
import { QmoiError } from '../errors.js';
import type { InstallAction } from './types.js';

/** The npm scripts the seed documents, and what they run. */
export const NPM_SCRIPTS: Record<string, string> = {
  'qmoi-setup': 'qmoi-hooks setup',
  'qmoi-error-recovery': 'qmoi-hooks doctor --fix && qmoi-hooks repair --all',
  'qmoi-auto-push': 'qmoi-hooks push',
};

/** Added to `prepare`, so a fresh clone gets the hooks on `npm install` (and a missing binary never fails it). */
export const PREPARE_PART = 'qmoi-hooks install || exit 0';
const PREPARE_JOIN = ' && ';

interface PackageText {
  data: Record<string, unknown>;
  indent: string;
  newline: string;
}

function readPackage(file: string): PackageText {
  const text = fs.readFileSync(file, 'utf8');
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new QmoiError('package-json-invalid', `${file} is not valid JSON: ${(err as Error).message}`, { hint: 'run: npx qmoi-hooks repair package.json' });
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new QmoiError('package-json-invalid', `${file} is not a JSON object`);
  const indent = /^\{\r?\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
  return { data: data as Record<string, unknown>, indent, newline: text.includes('\r\n') ? '\r\n' : '\n' };
}

function writePackage(file: string, p: PackageText): void {
  const text = JSON.stringify(p.data, null, p.indent) + '\n';
  fs.writeFileSync(file, p.newline === '\r\n' ? text.replace(/\n/g, '\r\n') : text);
}

function scriptsOf(data: Record<string, unknown>): Record<string, string> {
  const s = data.scripts;
  if (s === undefined) return {};
  if (!s || typeof s !== 'object' || Array.isArray(s)) throw new QmoiError('package-json-invalid', '"scripts" in package.json is not an object', { hint: 'run: npx qmoi-hooks repair package.json' });
  return s as Record<string, string>;
}

/** Adds our scripts where missing (never overwrites the user's) and hooks `install` into `prepare`. */
export function addScripts(root: string): InstallAction[] {
  const file = path.join(root, 'package.json');
  const pkg = readPackage(file);
  const scripts = { ...scriptsOf(pkg.data) };
  const actions: InstallAction[] = [];
  for (const [name, cmd] of Object.entries(NPM_SCRIPTS)) {
    if (scripts[name] === undefined) {
      scripts[name] = cmd;
      actions.push({ kind: 'script', target: name, detail: 'added' });
    } else if (scripts[name] !== cmd) {
      actions.push({ kind: 'script', target: name, detail: `kept yours ("${scripts[name]}")` });
    }
  }
  const prepare = scripts.prepare;
  if (prepare === undefined) {
    scripts.prepare = PREPARE_PART;
    actions.push({ kind: 'script', target: 'prepare', detail: 'added' });
  } else if (!prepare.includes('qmoi-hooks install')) {
    scripts.prepare = `${prepare}${PREPARE_JOIN}(${PREPARE_PART})`;
    actions.push({ kind: 'script', target: 'prepare', detail: 'qmoi-hooks install appended' });
  }
  if (actions.some((a) => a.detail === 'added' || a.detail.endsWith('appended'))) {
    pkg.data.scripts = scripts;
    writePackage(file, pkg);
  }
  return actions;
}

/** Removes exactly the scripts install added (unchanged ones) and our part of `prepare`. */
export function removeScripts(root: string): InstallAction[] {
  const file = path.join(root, 'package.json');
  if (!fs.existsSync(file)) return [];
  const pkg = readPackage(file);
  const scripts = { ...scriptsOf(pkg.data) };
  const actions: InstallAction[] = [];
  for (const [name, cmd] of Object.entries(NPM_SCRIPTS)) {
    if (scripts[name] === cmd) {
      delete scripts[name];
      actions.push({ kind: 'script', target: name, detail: 'removed' });
    }
  }
  if (scripts.prepare === PREPARE_PART) {
    delete scripts.prepare;
    actions.push({ kind: 'script', target: 'prepare', detail: 'removed' });
  } else if (scripts.prepare?.endsWith(`${PREPARE_JOIN}(${PREPARE_PART})`)) {
    scripts.prepare = scripts.prepare.slice(0, -`${PREPARE_JOIN}(${PREPARE_PART})`.length);
    actions.push({ kind: 'script', target: 'prepare', detail: 'qmoi-hooks install removed, yours kept' });
  }
  if (actions.length) {
    if (Object.keys(scripts).length === 0 && pkg.data.scripts !== undefined) delete pkg.data.scripts;
    else pkg.data.scripts = scripts;
    writePackage(file, pkg);
  }
  return actions;
}
