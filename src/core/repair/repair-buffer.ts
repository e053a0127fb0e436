// The format-independent half of a repair: bytes in, bytes out. It refuses binary, invalid UTF-8 and huge
// input, strips and restores the BOM and CRLF line endings, bounds the time, and guards against a repairer
// that throws, so every repairer sees clean text and every caller gets a result, never an exception.
import { findRepairer } from './registry.js';
import type { Fix, Problem, RepairContext, Repairer } from './types.js';

/** The result for one file, as `repair --json` reports it. */
export interface FileResult {
  file: string;
  language: string;
  status: 'ok' | 'repaired' | 'unrepairable' | 'skipped';
  fixes: Fix[];
  error?: Problem;
  warnings?: Problem[];
  /** Why a file was skipped. */
  reason?: string;
}

/** A file result plus the repaired bytes, present only when status is 'repaired'. */
export interface BufferRepair {
  result: FileResult;
  output?: Buffer;
}

/** Limits that keep one file from taking a hook hostage. */
export interface RepairLimits {
  /** Above this size the file is only checked, never searched for a repair. */
  maxRepairBytes: number;
  /** Above this size the file is skipped with a message. */
  maxBytes: number;
  /** Time budget per file, plus `msPerMiB` per MiB of input. */
  timeoutMs: number;
  msPerMiB: number;
}

/** Defaults chosen so a commit never waits long on one file. */
export const DEFAULT_LIMITS: RepairLimits = {
  maxRepairBytes: 2 * 1024 * 1024,
  maxBytes: 20 * 1024 * 1024,
  timeoutMs: 5000,
  msPerMiB: 2000,
};

export interface RepairBufferOptions {
  plugins?: Repairer[];
  /** Built-in languages to handle (config `repair.languages`); all when absent. */
  languages?: string[];
  limits?: Partial<RepairLimits>;
  /** Check only: report what would be repaired, never produce output. */
  checkOnly?: boolean;
  /** Validate only: parse and check, no repair search (validate, pre-push, huge files). */
  validateOnly?: boolean;
  /** Formats a repaired text (the project's prettier, when `repair.format` is on). */
  formatter?: (file: string, text: string) => Promise<string | undefined>;
  fileExists?: RepairContext['fileExists'];
  listDir?: RepairContext['listDir'];
}

const BOM = '\uFEFF';
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Repairs one file's bytes in memory; never throws, never returns output that differs without a fix. */
export async function repairBuffer(file: string, bytes: Buffer, opts: RepairBufferOptions = {}): Promise<BufferRepair> {
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const repairer = await findRepairer(file, opts.plugins, opts.languages);
  if (!repairer) return { result: skipped(file, 'unknown', 'not a format qmoi-hooks repairs') };
  const language = repairer.language;

  if (bytes.length > limits.maxBytes) {
    return { result: skipped(file, language, `too large to check (${mib(bytes.length)} MiB; limit ${mib(limits.maxBytes)} MiB)`) };
  }
  if (looksBinary(bytes)) return { result: skipped(file, language, 'binary content') };

  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    return { result: unrepairable(file, language, { ...position(bytes.subarray(0, at).toString('utf8')), message: `not valid UTF-8 (byte ${at + 1})`, suggestion: 'save the file as UTF-8' }) };
  }

  const hasBom = text.startsWith(BOM);
  if (hasBom) text = text.slice(1);
  const crlf = text.includes('\r\n') && !/(^|[^\r])\n/.test(text);
  if (crlf) text = text.replace(/\r\n/g, '\n');

  const deadline = Date.now() + limits.timeoutMs + Math.ceil((bytes.length / 1048576) * limits.msPerMiB);
  // Checked, never rewritten: a file too big to trust a search, or one with a NUL byte past the part the
  // binary test reads (text no one edits by hand: a corrupted or binary file).
  const nul = bytes.indexOf(0);
  const noRewrite =
    bytes.length > limits.maxRepairBytes
      ? `file over ${mib(limits.maxRepairBytes)} MiB`
      : nul >= 0
        ? `NUL byte at ${where(position(bytes.subarray(0, nul).toString('utf8')))}: the file looks binary or corrupted`
        : undefined;
  const ctx: RepairContext = { path: file, deadline, validateOnly: opts.validateOnly || !!noRewrite, fileExists: opts.fileExists, listDir: opts.listDir };

  let outcome;
  try {
    outcome = await repairer.repair(text, ctx);
  } catch (err) {
    return { result: unrepairable(file, language, { line: 1, column: 1, message: `the ${language} repairer failed: ${(err as Error)?.message ?? err}` }) };
  }

  switch (outcome.status) {
    case 'ok':
      return { result: { file, language, status: 'ok', fixes: [], ...(outcome.warnings?.length ? { warnings: outcome.warnings } : {}) } };
    case 'skipped':
      return { result: skipped(file, language, outcome.reason) };
    case 'unrepairable': {
      // Every block names a next step: a repairer (a plugin, say) that gave none gets the plain one.
      const given = outcome.error.suggestion ? outcome.error : { ...outcome.error, suggestion: `fix it by hand at ${outcome.error.line}:${outcome.error.column}, then stage it again` };
      const error = noRewrite && !opts.validateOnly ? { ...given, message: `${given.message} (${noRewrite}: checked, not repaired)` } : given;
      return { result: { ...unrepairable(file, language, error), ...(outcome.warnings?.length ? { warnings: outcome.warnings } : {}) } };
    }
    case 'repaired': {
      const warnings = outcome.warnings?.length ? { warnings: outcome.warnings } : {};
      if (noRewrite) {
        // Not to be rewritten: report the repair as a suggestion, leave the file alone.
        const first = outcome.fixes[0] ?? { line: 1, column: 1, description: 'repair available' };
        const error = { line: first.line, column: first.column, message: `${noRewrite}: not repaired automatically`, suggestion: first.description };
        return { result: { file, language, status: 'unrepairable', fixes: [], error, ...warnings } };
      }
      if (opts.checkOnly) return { result: { file, language, status: 'repaired', fixes: outcome.fixes, ...warnings } };
      let out = outcome.text;
      const fixes = [...outcome.fixes];
      const formatted = opts.formatter ? await formatChecked(repairer, out, ctx, opts.formatter) : undefined;
      if (formatted !== undefined && formatted !== out) {
        out = formatted;
        fixes.push({ line: 1, column: 1, description: 'formatted with prettier' });
      }
      if (crlf) out = out.replace(/\n/g, '\r\n');
      if (hasBom) out = BOM + out;
      const output = Buffer.from(out, 'utf8');
      if (output.equals(bytes)) return { result: { file, language, status: 'ok', fixes: [], ...warnings } };
      return { result: { file, language, status: 'repaired', fixes, ...warnings }, output };
    }
  }
}

/** The formatted text, only if the formatter succeeded and the result is still valid. */
async function formatChecked(repairer: Repairer, text: string, ctx: RepairContext, formatter: NonNullable<RepairBufferOptions['formatter']>): Promise<string | undefined> {
  try {
    const formatted = (await formatter(ctx.path, text))?.replace(/\r\n/g, '\n');
    if (formatted === undefined) return undefined;
    const check = await repairer.repair(formatted, { ...ctx, validateOnly: true });
    return check.status === 'ok' ? formatted : undefined;
  } catch {
    return undefined;
  }
}

function skipped(file: string, language: string, reason: string): FileResult {
  return { file, language, status: 'skipped', fixes: [], reason };
}

function unrepairable(file: string, language: string, error: Problem): FileResult {
  return { file, language, status: 'unrepairable', fixes: [], error };
}

/** NUL bytes in the first 8 KiB: the same test git uses to call a file binary. */
function looksBinary(bytes: Buffer): boolean {
  return bytes.subarray(0, 8000).includes(0);
}

function firstInvalidUtf8(bytes: Buffer): number {
  let lo = 0;
  let hi = bytes.length;
  // Binary search for the shortest prefix that fails to decode.
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid + 1), { stream: true });
      lo = mid + 1;
    } catch {
      hi = mid;
    }
  }
  return lo;
}

function where(p: { line: number; column: number }): string {
  return `line ${p.line}, column ${p.column}`;
}

function position(prefix: string): { line: number; column: number } {
  const lines = prefix.split('\n');
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

const mib = (n: number) => (n / 1048576).toFixed(n < 1048576 ? 2 : 0);

/** Counts results by status, as `repair --json` reports them. */
export function summarize(files: FileResult[]): { ok: number; repaired: number; unrepairable: number; skipped: number } {
  const s = { ok: 0, repaired: 0, unrepairable: 0, skipped: 0 };
  for (const f of files) s[f.status]++;
  return s;
}
