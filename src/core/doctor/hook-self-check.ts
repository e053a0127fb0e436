// The cheap part of doctor that every hook runs: problems of qmoi-hooks' own that the hook reports in one line
// each and then goes ahead. A hook rewrites none of these files: a config or package.json that is broken on
// disk is often one being edited right now, so only `doctor --fix` (with a backup) touches them. What a hook
// does put back is what is purely ours and derived: the logs folder and its .gitignore (the logger recreates them).
import fs from 'node:fs';
import path from 'node:path';
import { gitSync } from '../../git/git.js';
import { errorMessage } from '../errors.js';
import type { Workspace } from '../workspace.js';

/** One problem of our own, as a hook reports it. */
export type SelfProblem =
  | { kind: 'config'; file: string; line?: number; column?: number; message: string; more: number }
  | { kind: 'package-json'; file: string; line?: number; column?: number; message: string }
  | { kind: 'package-json-unreadable'; file: string; message: string };

/** Config files the hooks cannot fully read, and a package.json on disk that does not parse (when not staged). */
export async function hookSelfCheck(ws: Workspace): Promise<SelfProblem[]> {
  const out: SelfProblem[] = [];
  const byFile = new Map<string, Workspace['loaded']['problems']>();
  for (const p of ws.loaded.problems) byFile.set(p.file, [...(byFile.get(p.file) ?? []), p]);
  for (const [file, list] of byFile) out.push({ kind: 'config', file, line: list[0].line, column: list[0].column, message: list[0].message, more: list.length - 1 });
  const pkg = await packageJsonOnDisk(ws);
  if (pkg) out.push(pkg);
  return out;
}

/** A broken package.json on disk is reported here only while it is not staged: staged, it is the user's file in the commit, repaired or blocked like any other. */
async function packageJsonOnDisk(ws: Workspace): Promise<SelfProblem | undefined> {
  const abs = path.join(ws.root, 'package.json');
  const file = ws.repo ? path.relative(ws.repo.top, abs).split(path.sep).join('/') : 'package.json';
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(abs);
  } catch (err) {
    return { kind: 'package-json-unreadable', file, message: `cannot be read (${(err as NodeJS.ErrnoException).code ?? errorMessage(err)})` };
  }
  try {
    JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
    return undefined;
  } catch {
    // Only now, on the rare broken file, is it worth asking git whether it is staged.
  }
  if (ws.repo && gitSync(['diff', '--cached', '--quiet', '--', file], { cwd: ws.repo.top, allowFailure: true }).exitCode === 1) return undefined;
  const { locateJsonError } = await import('./package-json.js');
  const error = await locateJsonError('package.json', bytes);
  return { kind: 'package-json', file, line: error?.line, column: error?.column, message: error?.message ?? 'unknown error' };
}
