// config/qmoi.json and config/notification.json: present, valid JSON, valid against the schema. The fix backs
// the file up, then repairs its syntax with the JSON repairer or, where that fails, rebuilds it from the
// template with every value that could still be read; unknown keys are dropped and invalid values reset.
import fs from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE, NOTIFICATION_FILE, loadConfig, type ConfigProblem } from '../../config/load.js';
import { templateText } from '../install/config-files.js';
import { repairBuffer } from '../repair/repair-buffer.js';
import { repairSettings, type Workspace } from '../workspace.js';
import { writeFileAtomic } from '../write-file.js';
import { backupFile } from './backup-file.js';
import { salvageJson } from './salvage-json.js';
import { sanitizeConfig, type ConfigKind } from './sanitize-config.js';
import type { Finding, FixContext, FixOutcome } from './types.js';

const FILES: Record<ConfigKind, { rel: string; template: 'qmoi.json' | 'notification.json' }> = {
  qmoi: { rel: CONFIG_FILE, template: 'qmoi.json' },
  notification: { rel: NOTIFICATION_FILE, template: 'notification.json' },
};

/** Checks one config file as the hooks read it. */
export function checkConfigFile(ws: Workspace, kind: ConfigKind): Finding {
  const { rel } = FILES[kind];
  const fixer = { key: rel, run: (ctx: FixContext) => fixConfigFile(ctx, kind) };
  const st = fs.statSync(path.join(ws.root, rel), { throwIfNoEntry: false });
  if (!st) return { name: rel, level: 'problem', detail: 'missing: the defaults are in use', fix: 'create it from the template', fixer };
  if (!st.isFile()) return { name: rel, level: 'problem', detail: 'is not a file', fix: `move it out of the way, then run "qmoi-hooks doctor --fix"` };
  const problems = ws.loaded.problems.filter((p) => p.file === rel);
  if (!problems.length) return { name: rel, level: 'ok', detail: 'valid' };
  return { name: rel, level: 'problem', detail: describeProblems(problems), fix: 'repair it (after a backup), keeping every valid value', fixer };
}

function describeProblems(problems: ConfigProblem[]): string {
  const [first] = problems;
  const at = first.line ? `${first.line}:${first.column ?? 1}: ` : '';
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  return `${at}${first.message}${more}; the hooks use the defaults for what they cannot read`;
}

/** Creates a missing config file, or backs up and repairs a broken one. */
async function fixConfigFile(ctx: FixContext, kind: ConfigKind): Promise<FixOutcome> {
  const { rel, template } = FILES[kind];
  const abs = path.join(ctx.ws.root, rel);
  if (!fs.existsSync(abs)) {
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, templateText(template));
    return { ok: true, did: ['created from the template'], backups: [] };
  }
  const bytes = fs.readFileSync(abs);
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const notes: string[] = [];
  let parsed = parseJson(text);
  let syntaxRepaired: string | undefined;
  if (parsed === undefined) {
    const { options } = await repairSettings(ctx.ws);
    const { result, output } = await repairBuffer(rel, bytes, options);
    const repairedText = output?.toString('utf8').replace(/^\uFEFF/, '');
    parsed = repairedText === undefined ? undefined : parseJson(repairedText);
    if (parsed !== undefined) {
      syntaxRepaired = repairedText;
      notes.push(`repaired the JSON: ${result.fixes.map((f) => `${f.line}:${f.column} ${f.description}`).join('; ')}`);
    }
  }
  const readable = isPlainObject(parsed);
  const salvage = readable ? undefined : salvageJson(text);
  const cleaned = sanitizeConfig(kind, readable ? parsed : salvage!.value);
  if (salvage) notes.push(`rebuilt from the template, keeping the ${countValues(cleaned.value)} valid value(s) it could read (${salvage.method})`);
  notes.push(...cleaned.notes);

  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let out: string;
  if (syntaxRepaired !== undefined && cleaned.notes.length === 0) out = syntaxRepaired;
  else if (readable) out = stringify(cleaned.value, /^\{\r?\n([ \t]+)"/.exec(text)?.[1] ?? '  ', eol);
  else out = stringify(overlay(JSON.parse(templateText(template)) as Record<string, unknown>, cleaned.value), '  ', eol);

  const backup = backupFile(ctx.ws.repo, abs, `doctor --fix ${rel}`);
  writeFileAtomic(abs, out);
  const left = loadConfig(ctx.ws.root).problems.filter((p) => p.file === rel);
  if (left.length) notes.push(`still wrong: ${describeProblems(left)}`);
  return { ok: left.length === 0, did: [`backed up as ${backup.id}`, ...notes], backups: [backup.id] };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The template with the salvaged values laid over it key by key (keys the template lacks are appended). */
function overlay(base: Record<string, unknown>, values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(values)) out[k] = isPlainObject(out[k]) && isPlainObject(v) ? overlay(out[k] as Record<string, unknown>, v) : v;
  return out;
}

function countValues(v: unknown): number {
  if (isPlainObject(v)) return Object.values(v).reduce<number>((n, x) => n + countValues(x), 0);
  return 1;
}

/** JSON laid out like the templates: the top level one key a line, shorter sections on one line each. */
function stringify(value: unknown, indent: string, eol: string): string {
  const text = layout(value, indent, 0) + '\n';
  return eol === '\n' ? text : text.replace(/\n/g, eol);
}

const LINE = 100;

function layout(value: unknown, indent: string, depth: number): string {
  const inline = oneLine(value);
  if (depth > 0 && inline.length + indent.length * depth <= LINE) return inline;
  const pad = indent.repeat(depth + 1);
  if (Array.isArray(value)) return value.length ? `[\n${value.map((v) => pad + layout(v, indent, depth + 1)).join(',\n')}\n${indent.repeat(depth)}]` : '[]';
  if (isPlainObject(value)) {
    const entries = Object.entries(value).map(([k, v]) => `${pad}${JSON.stringify(k)}: ${layout(v, indent, depth + 1)}`);
    return entries.length ? `{\n${entries.join(',\n')}\n${indent.repeat(depth)}}` : '{}';
  }
  return inline;
}

function oneLine(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(oneLine).join(', ')}]`;
  if (isPlainObject(value)) {
    const entries = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${oneLine(v)}`);
    return entries.length ? `{ ${entries.join(', ')} }` : '{}';
  }
  return JSON.stringify(value);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}
