// Repositories for the staged-pipeline tests: a test repairer plugin for `.fix` files (the built-in repairers
// land separately), and a pre-commit hook that runs the built CLI inside real `git commit`s.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CLI, git, makeRepo, testEnv, writeFiles } from './repo.js';

/**
 * The test repairer: in `.fix` files, `BROKEN` is repaired to `FIXED` (one fix per occurrence, at its position);
 * `INVALID` cannot be repaired (reported at its position with a suggestion); anything else is valid.
 */
export const FIX_PLUGIN = `
const at = (text, i) => { const b = text.slice(0, i).split('\\n'); return { line: b.length, column: b[b.length - 1].length + 1 }; };
export default {
  language: 'fix',
  matches: (f) => f.endsWith('.fix'),
  repair(text, ctx) {
    const bad = text.indexOf('INVALID');
    if (bad >= 0) return { status: 'unrepairable', error: { ...at(text, bad), message: 'INVALID is not allowed', suggestion: 'delete the word INVALID' } };
    if (!text.includes('BROKEN')) return { status: 'ok' };
    if (ctx.validateOnly) return { status: 'unrepairable', error: { ...at(text, text.indexOf('BROKEN')), message: 'BROKEN found' } };
    const fixes = [];
    for (let i = text.indexOf('BROKEN'); i >= 0; i = text.indexOf('BROKEN', i + 1)) fixes.push({ ...at(text, i), description: 'BROKEN -> FIXED' });
    return { status: 'repaired', text: text.replaceAll('BROKEN', 'FIXED'), fixes };
  },
};
`;

/** A repository with the test plugin configured and a pre-commit hook calling `qmoi-hooks run pre-commit`. */
export function stagedRepo(files: Record<string, string | Buffer> = {}): string {
  const dir = makeRepo();
  writeFiles(dir, {
    'config/qmoi.json': JSON.stringify({ plugins: ['plugins/fix.mjs'], hooks: { postCommit: false } }, null, 2) + '\n',
    'plugins/fix.mjs': FIX_PLUGIN,
    '.gitignore': 'logs/\n',
    ...files,
  });
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '-m', 'setup']);
  installPreCommit(dir);
  return dir;
}

/** Writes .git/hooks/pre-commit so that every `git commit` runs the built CLI's pre-commit. */
export function installPreCommit(dir: string): void {
  const hook = path.join(dir, '.git', 'hooks', 'pre-commit');
  fs.mkdirSync(path.dirname(hook), { recursive: true });
  fs.writeFileSync(hook, `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} run pre-commit\n`, { mode: 0o755 });
}

/** Runs `git commit` with the test environment; returns status and output. */
export function commit(dir: string, args: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; out: string } {
  const r = spawnSync('git', ['commit', ...args], { cwd: dir, env: testEnv(env), encoding: 'utf8' });
  return { status: r.status, out: r.stdout + r.stderr };
}

/** A blob's text: `:path` (the index), `HEAD:path`, ... */
export function show(dir: string, spec: string): string | undefined {
  const r = git(dir, ['cat-file', 'blob', spec], { allowFailure: true });
  return r.status === 0 ? r.stdout : undefined;
}

/** A working-tree file's text (undefined when missing). */
export function read(dir: string, rel: string): string | undefined {
  const file = path.join(dir, rel);
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
}

/** Ten numbered lines, with replacements: lines({ 2: 'BROKEN' }). */
export function lines(replace: Record<number, string> = {}, eol = '\n'): string {
  return Array.from({ length: 10 }, (_, i) => replace[i + 1] ?? `line ${i + 1}`).join(eol) + eol;
}

/** Backup ids under refs/qmoi/backups/. */
export function backupRefs(dir: string): string[] {
  return git(dir, ['for-each-ref', '--format=%(refname:lstrip=3)', 'refs/qmoi/backups/']).stdout.split('\n').filter(Boolean);
}
