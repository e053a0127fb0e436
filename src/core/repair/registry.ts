// Which repairer handles which file: built-ins are loaded lazily so a hook that sees only JSON never loads Babel.
import path from 'node:path';
import type { Repairer } from './types.js';

interface LazyRepairer {
  language: string;
  matches(file: string): boolean;
  load(): Promise<Repairer>;
}

const base = (file: string) => path.basename(file).toLowerCase();
const ext = (file: string) => path.extname(file).toLowerCase();

/** Built-in repairers, most specific first. */
export const builtInRepairers: LazyRepairer[] = [
  {
    language: 'json',
    matches: (f) => base(f) === 'package.json',
    load: async () => (await import('./package-json.js')).packageJsonRepairer,
  },
  {
    language: 'json',
    matches: (f) => ['.json', '.jsonc', '.json5'].includes(ext(f)) || ['.babelrc', '.eslintrc', '.prettierrc'].includes(base(f)),
    load: async () => (await import('./json.js')).jsonRepairer,
  },
  {
    language: 'yaml',
    matches: (f) => base(f) === '.gitlab-ci.yml' || /\.gitlab-ci\.ya?ml$/.test(base(f)),
    load: async () => (await import('./gitlab-ci.js')).gitlabCiRepairer,
  },
  {
    language: 'yaml',
    matches: (f) => ['.yml', '.yaml'].includes(ext(f)),
    load: async () => (await import('./yaml.js')).yamlRepairer,
  },
  {
    language: 'ts',
    matches: (f) => ['.ts', '.mts', '.cts', '.tsx'].includes(ext(f)),
    load: async () => (await import('./js.js')).tsRepairer,
  },
  {
    language: 'js',
    matches: (f) => ['.js', '.mjs', '.cjs', '.jsx'].includes(ext(f)),
    load: async () => (await import('./js.js')).jsRepairer,
  },
];

/** Finds the repairer for a file among plugins (first) and the enabled built-ins, loading it on first use. */
export async function findRepairer(file: string, plugins: Repairer[] = [], languages?: string[]): Promise<Repairer | undefined> {
  for (const p of plugins) if (safeMatches(p, file)) return p;
  const lazy = builtInFor(file, languages);
  return lazy ? lazy.load() : undefined;
}

/** Whether any repairer (plugin or built-in) handles the file, without loading anything. */
export function isRepairable(file: string, plugins: Repairer[] = [], languages?: string[]): boolean {
  return plugins.some((p) => safeMatches(p, file)) || builtInFor(file, languages) !== undefined;
}

/** The built-in repairer for a file, unless config's `repair.languages` leaves its language out. */
function builtInFor(file: string, languages?: string[]): LazyRepairer | undefined {
  const r = builtInRepairers.find((b) => b.matches(file));
  return r && (!languages || languages.includes(r.language)) ? r : undefined;
}

function safeMatches(r: Repairer, file: string): boolean {
  try {
    return r.matches(file);
  } catch {
    return false;
  }
}
