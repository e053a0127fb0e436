// `repair.format`: repaired files (only those) are formatted with the project's own prettier and config.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Formats one repaired text; undefined when the file has no prettier config or prettier ignores it. */
export type Formatter = (file: string, text: string) => Promise<string | undefined>;

interface PrettierApi {
  resolveConfigFile(file: string): Promise<string | null>;
  resolveConfig(file: string): Promise<Record<string, unknown> | null>;
  getFileInfo(file: string, opts: { ignorePath?: string }): Promise<{ ignored: boolean; inferredParser: string | null }>;
  format(text: string, opts: Record<string, unknown>): Promise<string>;
}

/** A formatter using the prettier the project installed (else ours), for files under `root`. */
export function prettierFormatter(root: string): Formatter {
  let api: Promise<PrettierApi> | undefined;
  const load = () => (api ??= loadPrettier(root));
  return async (file, text) => {
    const abs = path.resolve(root, file);
    const prettier = await load();
    if (!(await prettier.resolveConfigFile(abs))) return undefined;
    const info = await prettier.getFileInfo(abs, { ignorePath: path.join(root, '.prettierignore') });
    if (info.ignored || !info.inferredParser) return undefined;
    const options = (await prettier.resolveConfig(abs)) ?? {};
    return prettier.format(text, { ...options, filepath: abs });
  };
}

async function loadPrettier(root: string): Promise<PrettierApi> {
  try {
    const resolved = createRequire(path.join(root, 'package.json')).resolve('prettier');
    return (await import(pathToFileURL(resolved).href)) as PrettierApi;
  } catch {
    return (await import('prettier')) as unknown as PrettierApi;
  }
}
