// The package.json on disk, which holds our npm scripts: it must parse. The fix is the repair command's own
// (the package.json repairer, original backed up); what that cannot repair is left byte for byte, with where.
import fs from 'node:fs';
import path from 'node:path';
import { repairFiles } from '../repair-files.js';
import { repairBuffer } from '../repair/repair-buffer.js';
import { repairSettings } from '../workspace.js';
import type { Finding, FixContext, FixOutcome } from './types.js';

/** Where a JSON file fails to parse (1-based, as the JSON repairer locates it), or undefined when it parses. */
export async function locateJsonError(file: string, bytes: Buffer): Promise<{ line: number; column: number; message: string } | undefined> {
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  try {
    JSON.parse(text);
    return undefined;
  } catch (err) {
    const { result } = await repairBuffer(file, bytes, { validateOnly: true });
    // The position is given as line and column: V8's character offset only repeats it.
    if (result.error) return { line: result.error.line, column: result.error.column, message: result.error.message.replace(/ in JSON at position \d+.*$/, '') };
    return { line: 1, column: 1, message: `${(err as Error).message}${result.reason ? ` (${result.reason})` : ''}` };
  }
}

/** What is wrong with the package.json at `root` (unreadable, not JSON, not an object), or undefined. */
export async function packageJsonProblem(root: string): Promise<string | undefined> {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(path.join(root, 'package.json'));
  } catch (err) {
    return `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`;
  }
  const error = await locateJsonError('package.json', bytes);
  if (error) return `is not valid JSON at ${error.line}:${error.column}: ${error.message}`;
  const value: unknown = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
  if (!value || typeof value !== 'object' || Array.isArray(value)) return 'is not a JSON object';
  return undefined;
}

/** Checks that package.json parses: npm, our scripts and install all need it. */
export async function checkPackageJson(root: string): Promise<Finding> {
  const problem = await packageJsonProblem(root);
  if (!problem) return { name: 'package.json', level: 'ok', detail: 'valid JSON' };
  return {
    name: 'package.json',
    level: 'problem',
    detail: `${problem}: npm cannot run its scripts`,
    fix: 'repair it (after a backup); if it cannot be repaired, fix it by hand at the position shown',
    fixer: { key: 'package.json', run: fixPackageJson },
  };
}

/** Repairs package.json through the repairer, with a backup; an unrepairable file is left untouched. */
export async function fixPackageJson(ctx: FixContext): Promise<FixOutcome> {
  const { options } = await repairSettings(ctx.ws);
  const run = await repairFiles(['package.json'], { cwd: ctx.ws.root, repo: ctx.ws.repo, write: true, ...options });
  const [file] = run.files;
  const backups = run.backup ? [run.backup.id] : [];
  const left = await packageJsonProblem(ctx.ws.root);
  const repaired = file.status === 'repaired' ? [`backed up as ${run.backup?.id}`, ...file.fixes.map((f) => `repaired ${f.line}:${f.column}: ${f.description}`)] : [];
  if (!left) return { ok: true, backups, did: repaired };
  const rest = file.status === 'repaired' ? 'fix the rest' : 'left it untouched: fix it';
  return { ok: false, backups, did: [...repaired, `cannot repair package.json: it ${left}; ${rest} by hand there`] };
}
