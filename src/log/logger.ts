// JSON-lines logs under the package's logs/ folder: qmoi.log (everything), error.log (failures),
// audit.log (who changed what), notification.log (delivery attempts). Secrets are redacted before a byte
// is written, files rotate by size, and a logging failure never fails the command that logged.
import fs from 'node:fs';
import path from 'node:path';
import { redactDeep } from './redact.js';

export type LogFile = 'qmoi' | 'error' | 'audit' | 'notification';

/** One line of an audit trail: who did what to what, and how it ended. */
export interface AuditEntry {
  action: string;
  target?: string | string[];
  result: 'ok' | 'failed' | 'skipped' | string;
  [key: string]: unknown;
}

export interface LoggerOptions {
  /** Absolute path of the logs folder. */
  dir: string;
  maxBytes?: number;
  keep?: number;
  /** Who acts, for the audit trail (default: git's author identity from the environment or config). */
  who?: () => string;
}

/** Writes the four logs of one package. */
export class Logger {
  readonly dir: string;
  private readonly maxBytes: number;
  private readonly keep: number;
  private readonly whoFn: () => string;
  private whoCache?: string;
  private ready = false;

  constructor(opts: LoggerOptions) {
    this.dir = opts.dir;
    this.maxBytes = opts.maxBytes ?? 1024 * 1024;
    this.keep = opts.keep ?? 3;
    this.whoFn = opts.who ?? defaultWho;
  }

  /** Something that happened (repair, push, hook run): goes to qmoi.log. */
  info(event: string, fields: Record<string, unknown> = {}): void {
    this.write('qmoi', { level: 'info', event, ...fields });
  }

  /** A failure: goes to qmoi.log and error.log. */
  error(event: string, fields: Record<string, unknown> = {}): void {
    const entry = { level: 'error', event, ...fields };
    this.write('qmoi', entry);
    this.write('error', entry);
  }

  /** A change to the user's files, refs, config or the outside world: goes to audit.log. */
  audit(entry: AuditEntry): void {
    this.write('audit', { who: this.who(), ...entry });
  }

  /** One notification delivery attempt: goes to notification.log. */
  notification(fields: Record<string, unknown>): void {
    this.write('notification', fields);
  }

  private who(): string {
    return (this.whoCache ??= safe(this.whoFn) ?? 'unknown');
  }

  /** Appends one redacted JSON line; rotates the file first when it is over its size. */
  write(file: LogFile, fields: Record<string, unknown>): void {
    try {
      this.ensureDir();
      const target = path.join(this.dir, `${file}.log`);
      const line = JSON.stringify(redactDeep({ time: new Date().toISOString(), ...fields })) + '\n';
      this.rotate(target, line.length);
      fs.appendFileSync(target, line, { mode: 0o600 });
    } catch {
      // Logs are best effort: a read-only disk must not block a commit. `doctor` reports unwritable logs.
    }
  }

  private ensureDir(): void {
    if (this.ready) return;
    fs.mkdirSync(this.dir, { recursive: true });
    const ignore = path.join(this.dir, '.gitignore');
    if (!fs.existsSync(ignore)) fs.writeFileSync(ignore, '# written by qmoi-hooks: logs stay out of git\n*\n');
    this.ready = true;
  }

  private rotate(target: string, adding: number): void {
    const size = fs.statSync(target, { throwIfNoEntry: false })?.size ?? 0;
    if (size + adding <= this.maxBytes || size === 0) return;
    if (this.keep === 0) {
      fs.rmSync(target, { force: true });
      return;
    }
    for (let i = this.keep - 1; i >= 1; i--) {
      const from = `${target}.${i}`;
      if (fs.existsSync(from)) fs.renameSync(from, `${target}.${i + 1}`);
    }
    fs.renameSync(target, `${target}.1`);
  }
}

/** Reads every entry of one log (rotated files first, oldest first); bad lines are skipped. */
export function readLog(dir: string, file: LogFile): Record<string, unknown>[] {
  const base = path.join(dir, `${file}.log`);
  const names: string[] = [];
  for (let i = 50; i >= 1; i--) if (fs.existsSync(`${base}.${i}`)) names.push(`${base}.${i}`);
  if (fs.existsSync(base)) names.push(base);
  const out: Record<string, unknown>[] = [];
  for (const n of names) {
    for (const line of fs.readFileSync(n, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        out.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        /* a torn line from a crash is skipped */
      }
    }
  }
  return out;
}

function defaultWho(): string {
  const name = process.env.GIT_AUTHOR_NAME;
  const email = process.env.GIT_AUTHOR_EMAIL;
  if (name) return email ? `${name} <${email}>` : name;
  return process.env.GITLAB_USER_LOGIN || process.env.GITHUB_ACTOR || process.env.USER || 'unknown';
}

function safe<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}
