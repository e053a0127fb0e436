// Loads and checks config/qmoi.json and config/notification.json. Never throws: a broken or wrong config
// becomes a list of problems naming file, key and position, and the defaults fill in, so hooks keep working.
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_CONFIG, DEFAULT_NOTIFICATION, type NotificationConfig, type QmoiConfig } from './types.js';
import { validateNotification, validateQmoi } from './validators.generated.js';

/** One thing wrong with a config file. */
export interface ConfigProblem {
  file: string;
  /** Dotted key path, e.g. `push.maxAttempts`. */
  key?: string;
  line?: number;
  column?: number;
  message: string;
}

/** Both config files, with defaults applied, and what was wrong with them. */
export interface LoadedConfig {
  root: string;
  config: QmoiConfig;
  notification: NotificationConfig;
  problems: ConfigProblem[];
  /** Which files existed. */
  present: { qmoi: boolean; notification: boolean };
}

export const CONFIG_FILE = 'config/qmoi.json';
export const NOTIFICATION_FILE = 'config/notification.json';

interface AjvError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}
type Validator = ((data: unknown) => boolean) & { errors?: AjvError[] | null };

/** Reads the config of the package at `root`. */
export function loadConfig(root: string): LoadedConfig {
  const problems: ConfigProblem[] = [];
  const qmoi = readJson(root, CONFIG_FILE, validateQmoi as Validator, problems);
  const notification = readJson(root, NOTIFICATION_FILE, validateNotification as Validator, problems);
  const config = merge(DEFAULT_CONFIG, qmoi.value) as QmoiConfig;
  checkPaths(config, problems);
  return {
    root,
    config,
    notification: merge(DEFAULT_NOTIFICATION, notification.value) as NotificationConfig,
    problems,
    present: { qmoi: qmoi.present, notification: notification.present },
  };
}

function readJson(root: string, rel: string, validate: Validator, problems: ConfigProblem[]): { present: boolean; value: unknown } {
  const file = path.join(root, rel);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { present: false, value: undefined };
    problems.push({ file: rel, message: `cannot read: ${(err as Error).message}` });
    return { present: true, value: undefined };
  }
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    problems.push({ file: rel, ...parsePosition(text, (err as Error).message), message: `not valid JSON: ${(err as Error).message}` });
    return { present: true, value: undefined };
  }
  if (!validate(value)) {
    for (const e of validate.errors ?? []) problems.push({ file: rel, ...describe(e) });
    // Keep what is valid: drop only the keys the schema rejected.
    value = dropInvalid(value, validate.errors ?? []);
  }
  return { present: true, value };
}

function describe(e: AjvError): { key?: string; message: string } {
  const base = e.instancePath.slice(1).split('/').filter(Boolean).map(unescapePointer);
  if (e.keyword === 'additionalProperties') {
    const key = [...base, String(e.params.additionalProperty)].join('.');
    return { key, message: `unknown key "${key}"` };
  }
  const key = base.join('.') || undefined;
  const detail = e.keyword === 'enum' ? `must be one of ${JSON.stringify(e.params.allowedValues)}` : (e.message ?? e.keyword);
  return { key, message: key ? `"${key}" ${detail}` : detail };
}

function unescapePointer(s: string): string {
  return s.replace(/~1/g, '/').replace(/~0/g, '~');
}

function dropInvalid(value: unknown, errors: AjvError[]): unknown {
  if (!isPlainObject(value)) return undefined;
  const copy = structuredClone(value);
  for (const e of errors) {
    const parts = e.instancePath.slice(1).split('/').filter(Boolean).map(unescapePointer);
    if (e.keyword === 'additionalProperties') parts.push(String(e.params.additionalProperty));
    // Walk object keys only: a bad array element drops the whole array, so the default fills in.
    let parent: Record<string, unknown> = copy;
    for (let i = 0; i < parts.length; i++) {
      const child = parent[parts[i]];
      if (i === parts.length - 1 || !isPlainObject(child)) {
        delete parent[parts[i]];
        break;
      }
      parent = child;
    }
  }
  return copy;
}

/** Values overlay defaults key by key (keys the schema allows but the defaults lack are kept); arrays and scalars replace. */
function merge(defaults: unknown, value: unknown): unknown {
  if (value === undefined) return structuredClone(defaults);
  if (isPlainObject(defaults) && isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const k of new Set([...Object.keys(defaults), ...Object.keys(value)])) {
      if (k !== '$schema') out[k] = merge(defaults[k], value[k]);
    }
    return out;
  }
  return structuredClone(value);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** Folders from config must stay inside the package: no absolute paths, no `..`. */
function checkPaths(config: QmoiConfig, problems: ConfigProblem[]): void {
  if (!isSafeRelative(config.logs.dir)) {
    problems.push({ file: CONFIG_FILE, key: 'logs.dir', message: `"logs.dir" must be a folder inside the package (got ${JSON.stringify(config.logs.dir)})` });
    config.logs.dir = DEFAULT_CONFIG.logs.dir;
  }
  const badPlugins = config.plugins.filter((p) => !isSafeRelative(p));
  for (const p of badPlugins) problems.push({ file: CONFIG_FILE, key: 'plugins', message: `plugin path ${JSON.stringify(p)} must be relative to the package, without ".."` });
  config.plugins = config.plugins.filter((p) => isSafeRelative(p));
}

/** A relative path that stays inside its base folder. */
export function isSafeRelative(p: string): boolean {
  if (!p || path.isAbsolute(p) || /^[a-zA-Z]:/.test(p) || p.includes('\0')) return false;
  return !p.split(/[\\/]/).includes('..');
}

function parsePosition(text: string, message: string): { line?: number; column?: number } {
  const m = /position (\d+)/.exec(message);
  if (!m) return {};
  const before = text.slice(0, Number(m[1])).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}
