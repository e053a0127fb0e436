// Which JSON a file is written in, from its path. The rule: a file is JSONC (comments and trailing commas are
// legal, and are never "repaired" away) when the tools that read it use a JSONC parser: *.jsonc; TypeScript's
// tsconfig*.json and jsconfig*.json; everything in .vscode/ and .devcontainer/ (VS Code reads them as JSONC);
// devcontainer.json; and the rc files of tools that accept comments (.eslintrc[.json], .babelrc[.json],
// .jshintrc, .swcrc, tslint.json, turbo.json, biome.json, deno.json, api-extractor.json, .markdownlint.json).
// Every other *.json, package.json first, is strict JSON: npm and most readers use JSON.parse.
// *.json5 is its own language (unquoted keys, hex numbers...) that we cannot check, so it is skipped.

/** The three dialects a JSON file can be in. */
export type Dialect = 'json' | 'jsonc' | 'json5';

const JSONC_NAMES = new Set([
  'devcontainer.json', '.devcontainer.json', '.eslintrc', '.eslintrc.json', '.babelrc', '.babelrc.json', '.jshintrc', '.swcrc',
  'tslint.json', 'turbo.json', 'biome.json', 'deno.json', 'api-extractor.json', '.markdownlint.json',
]);
const JSONC_DIRS = new Set(['.vscode', '.devcontainer']);

/** The dialect of a file, by its path (as the user named it, `/` or `\` separated). */
export function dialectOf(path: string): Dialect {
  const parts = path.toLowerCase().split(/[\\/]/);
  const name = parts[parts.length - 1];
  if (name.endsWith('.json5')) return 'json5';
  if (name.endsWith('.jsonc') || JSONC_NAMES.has(name)) return 'jsonc';
  if (/^[tj]sconfig([.-].*)?\.json$/.test(name)) return 'jsonc';
  if (name.endsWith('.json') && parts.slice(0, -1).some((d) => JSONC_DIRS.has(d))) return 'jsonc';
  return 'json';
}

/** Rc files without an extension may hold YAML or JS-like text instead of JSON; only JSON-looking ones are ours. */
export function mayNotBeJson(path: string): boolean {
  const name = path.toLowerCase().split(/[\\/]/).pop() ?? '';
  return name.startsWith('.') && !name.includes('.', 1);
}
