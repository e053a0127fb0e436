// One error type that is also a result: every failure the core returns carries a stable code,
// the exit code the CLI should use, and a hint the user can act on.

/** Exit codes of the outside contract. */
export const EXIT = { ok: 0, problem: 1, usage: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Why a QmoiError exists: a failure the core reports as a value, never by printing or exiting. */
export class QmoiError extends Error {
  readonly code: string;
  readonly exitCode: ExitCode;
  readonly hint?: string;
  override readonly cause?: unknown;

  constructor(code: string, message: string, opts: { exitCode?: ExitCode; hint?: string; cause?: unknown } = {}) {
    super(message);
    this.name = 'QmoiError';
    this.code = code;
    this.exitCode = opts.exitCode ?? EXIT.problem;
    this.hint = opts.hint;
    this.cause = opts.cause;
  }
}

/** Usage errors: the command could not run as asked (exit 2). */
export function usageError(code: string, message: string, hint?: string): QmoiError {
  return new QmoiError(code, message, { exitCode: EXIT.usage, hint });
}

/** Turns anything thrown into a short message, never a stack trace. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
