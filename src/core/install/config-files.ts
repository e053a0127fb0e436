// The config side of install: config files from templates where missing (never overwriting the user's),
// and the git-ignored logs folder.
import fs from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE, NOTIFICATION_FILE } from '../../config/load.js';
import type { InstallAction } from './types.js';

const templates = new URL('../../../templates/', import.meta.url);
const FILES: [string, string][] = [
  [CONFIG_FILE, 'qmoi.json'],
  [NOTIFICATION_FILE, 'notification.json'],
];
const LOGS_IGNORE = '# written by qmoi-hooks: logs stay out of git\n*\n';

/** The template text for a config file. */
export function templateText(name: 'qmoi.json' | 'notification.json'): string {
  return fs.readFileSync(new URL(name, templates), 'utf8');
}

/** Creates config files and logs/ where missing. */
export function addConfigFiles(root: string, logsDir: string): InstallAction[] {
  const actions: InstallAction[] = [];
  for (const [rel, template] of FILES) {
    const file = path.join(root, rel);
    if (fs.existsSync(file)) {
      actions.push({ kind: 'config', target: rel, detail: 'kept yours' });
      continue;
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, templateText(template as 'qmoi.json'));
    actions.push({ kind: 'config', target: rel, detail: 'created' });
  }
  return [...actions, ...addLogsFolder(root, logsDir)];
}

/** Creates the logs folder and the .gitignore that keeps logs out of git, where missing (also for doctor). */
export function addLogsFolder(root: string, logsDir: string): InstallAction[] {
  const logs = path.join(root, logsDir);
  const ignore = path.join(logs, '.gitignore');
  if (fs.existsSync(ignore)) return [];
  fs.mkdirSync(logs, { recursive: true });
  fs.writeFileSync(ignore, LOGS_IGNORE);
  return [{ kind: 'logs', target: `${logsDir}/`, detail: 'created (git-ignored)' }];
}

/** Removes config files that are still exactly the templates, and an empty logs folder. */
export function removeConfigFiles(root: string, logsDir: string): InstallAction[] {
  const actions: InstallAction[] = [];
  for (const [rel, template] of FILES) {
    const file = path.join(root, rel);
    if (!fs.existsSync(file)) continue;
    if (fs.readFileSync(file, 'utf8') === templateText(template as 'qmoi.json')) {
      fs.rmSync(file);
      actions.push({ kind: 'config', target: rel, detail: 'removed' });
    } else {
      actions.push({ kind: 'config', target: rel, detail: 'kept (you changed it)' });
    }
  }
  const configDir = path.join(root, 'config');
  if (fs.existsSync(configDir) && fs.readdirSync(configDir).length === 0) fs.rmdirSync(configDir);
  const logs = path.join(root, logsDir);
  if (fs.existsSync(logs)) {
    const rest = fs.readdirSync(logs).filter((f) => f !== '.gitignore');
    if (rest.length === 0) {
      fs.rmSync(logs, { recursive: true, force: true });
      actions.push({ kind: 'logs', target: `${logsDir}/`, detail: 'removed' });
    } else {
      actions.push({ kind: 'logs', target: `${logsDir}/`, detail: 'kept (it has logs; delete it yourself if you want)' });
    }
  }
  return actions;
}
