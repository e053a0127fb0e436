// What "parses" means for each file kind, judged with the same parser and options the repairer declares
// valid (JSON.parse for strict JSON, the JSONC check, the yaml package as the YAML repairer configures it,
// Babel in the file's dialect), so a test can check every repaired text on its own.
import { chooseDialect } from '../../src/core/repair/js/parse.js';
import { dialectOf } from '../../src/core/repair/json/dialect.js';
import { parses as jsonParses } from '../../src/core/repair/json/syntax.js';
import { parsesCleanly } from '../../src/core/repair/yaml/parse.js';

/** The file kinds the built-in repairers handle, by an example name of each. */
export const KINDS = ['data.json', 'tsconfig.json', 'package.json', 'config.yml', '.gitlab-ci.yml', 'app.js', 'app.jsx', 'app.ts', 'app.tsx'] as const;

/** Whether `text` (decoded, BOM and CRLF as in the file) parses as the kind of file `name` is. */
export function parsesAs(name: string, text: string): boolean {
  const body = text.replace(/^\uFEFF/, '');
  const lower = name.toLowerCase();
  if (/\.jsonc?$/.test(lower)) {
    if (dialectOf(name) === 'jsonc') return jsonParses(body, true);
    try {
      JSON.parse(body);
      return true;
    } catch {
      return false;
    }
  }
  if (/\.ya?ml$/.test(lower)) return parsesCleanly(body.replace(/\r\n/g, '\n'));
  if (/\.[cm]?[jt]sx?$/.test(lower)) return chooseDialect(name, body.replace(/\r\n/g, '\n')).result.ok;
  throw new Error(`no parser known for ${name}`);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The text of `bytes`, or undefined when they are not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}
