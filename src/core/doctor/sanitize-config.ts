// Makes a config value valid against its schema while keeping every value that is valid: unknown keys are
// dropped, invalid values go back to their defaults, invalid array entries are removed; each change is noted.
import { isSafeRelative } from '../../config/load.js';
import { DEFAULT_CONFIG, DEFAULT_NOTIFICATION } from '../../config/types.js';
import { validateNotification, validateQmoi } from '../../config/validators.generated.js';

interface SchemaError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
}
type Validator = ((data: unknown) => boolean) & { errors?: SchemaError[] | null };

/** Which config file a value belongs to. */
export type ConfigKind = 'qmoi' | 'notification';

const SCHEMAS: Record<ConfigKind, { validate: Validator; defaults: unknown }> = {
  qmoi: { validate: validateQmoi as Validator, defaults: DEFAULT_CONFIG },
  notification: { validate: validateNotification as Validator, defaults: DEFAULT_NOTIFICATION },
};

/** A config value cleaned to pass validation, and what was changed to get there. */
export interface Sanitized {
  value: Record<string, unknown>;
  notes: string[];
}

/** Cleans `value` until the schema (and, for qmoi.json, the path-safety rules) accept it. */
export function sanitizeConfig(kind: ConfigKind, value: unknown): Sanitized {
  const notes: string[] = [];
  if (!isPlainObject(value)) return { value: {}, notes: ['the file was not a JSON object: every key takes its default'] };
  const copy = structuredClone(value);
  const { validate, defaults } = SCHEMAS[kind];
  // Each round fixes every reported error; nested errors can surface only once their parent is valid.
  for (let round = 0; round < 10 && !validate(copy); round++) {
    const removals: { array: unknown[]; index: number }[] = [];
    const seen = new Set<string>();
    for (const e of validate.errors ?? []) {
      const parts = pointerParts(e.instancePath);
      if (e.keyword === 'additionalProperties') parts.push(String(e.params.additionalProperty));
      const id = parts.join('/');
      if (seen.has(id) || !parts.length) continue;
      seen.add(id);
      const parent = walk(copy, parts.slice(0, -1));
      const last = parts[parts.length - 1];
      const label = dotted(parts);
      if (Array.isArray(parent)) {
        removals.push({ array: parent, index: Number(last) });
        notes.push(`removed the invalid entry ${JSON.stringify(parent[Number(last)])} from "${dotted(parts.slice(0, -1))}"`);
      } else if (isPlainObject(parent)) {
        const fallback = walk(defaults, parts);
        if (e.keyword === 'additionalProperties') {
          delete parent[last];
          notes.push(`dropped the unknown key "${label}"`);
        } else if (fallback !== undefined) {
          notes.push(`"${label}": replaced the invalid value ${JSON.stringify(parent[last])} with the default ${JSON.stringify(fallback)}`);
          parent[last] = structuredClone(fallback);
        } else {
          notes.push(`dropped "${label}": its value ${JSON.stringify(parent[last])} was invalid (the default applies)`);
          delete parent[last];
        }
      }
    }
    // Highest index first, so earlier removals do not shift later ones.
    for (const r of removals.sort((a, b) => b.index - a.index)) r.array.splice(r.index, 1);
  }
  if (!validate(copy)) return { value: {}, notes: [...notes, 'could not make the file valid: every key takes its default'] };
  if (kind === 'qmoi') checkPaths(copy, notes);
  return { value: copy, notes };
}

/** The folder and plugin paths config may name must stay inside the package (as config loading requires). */
function checkPaths(value: Record<string, unknown>, notes: string[]): void {
  const logs = value.logs as Record<string, unknown> | undefined;
  if (typeof logs?.dir === 'string' && !isSafeRelative(logs.dir)) {
    notes.push(`"logs.dir": replaced ${JSON.stringify(logs.dir)} (outside the package) with the default ${JSON.stringify(DEFAULT_CONFIG.logs.dir)}`);
    logs.dir = DEFAULT_CONFIG.logs.dir;
  }
  if (Array.isArray(value.plugins)) {
    const unsafe = (value.plugins as string[]).filter((p) => !isSafeRelative(p));
    for (const p of unsafe) notes.push(`removed the plugin ${JSON.stringify(p)} from "plugins": it is outside the package`);
    value.plugins = (value.plugins as string[]).filter((p) => isSafeRelative(p));
  }
}

function pointerParts(pointer: string): string[] {
  return pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function walk(value: unknown, parts: string[]): unknown {
  let v = value;
  for (const p of parts) {
    if (Array.isArray(v)) v = v[Number(p)];
    else if (isPlainObject(v)) v = v[p];
    else return undefined;
  }
  return v;
}

function dotted(parts: string[]): string {
  return parts.join('.');
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}
