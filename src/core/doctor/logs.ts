// The logs folder: a writable folder with the .gitignore that keeps the logs out of commits.
import fs from 'node:fs';
import path from 'node:path';
import { addLogsFolder } from '../install/config-files.js';
import type { Workspace } from '../workspace.js';
import type { Finding, FixContext, FixOutcome } from './types.js';

/** Checks the logs folder named by config (logs.dir). */
export function checkLogs(ws: Workspace): Finding {
  const dir = ws.loaded.config.logs.dir;
  const abs = path.join(ws.root, dir);
  const name = 'logs';
  const fixer = { key: 'logs', run: fixLogs };
  const st = fs.statSync(abs, { throwIfNoEntry: false });
  if (!st) return { name, level: 'problem', detail: `${dir}/ is missing`, fix: 'create it (git-ignored)', fixer };
  if (!st.isDirectory()) return { name, level: 'problem', detail: `${dir} is not a folder: nothing can be logged`, fix: `move ${dir} out of the way, or set "logs.dir" in config/qmoi.json` };
  try {
    fs.accessSync(abs, fs.constants.W_OK);
  } catch {
    return { name, level: 'problem', detail: `${dir}/ is not writable: nothing can be logged`, fix: `make it writable (chmod u+w ${dir})` };
  }
  if (!fs.existsSync(path.join(abs, '.gitignore'))) return { name, level: 'problem', detail: `${dir}/ has no .gitignore: the logs would be committed`, fix: 'add the .gitignore', fixer };
  return { name, level: 'ok', detail: `${dir}/ is writable and git-ignored` };
}

async function fixLogs(ctx: FixContext): Promise<FixOutcome> {
  const actions = addLogsFolder(ctx.ws.root, ctx.ws.loaded.config.logs.dir);
  return { ok: true, did: actions.map((a) => `${a.target}: ${a.detail}`), backups: [] };
}
