// Which failures are worth another attempt: network trouble that npm and node report with stable error
// codes. Anything else (a failing test, a compile error, a missing script) fails at once.

const TRANSIENT: RegExp[] = [
  /\b(ECONNRESET|ETIMEDOUT|ESOCKETTIMEDOUT|EAI_AGAIN|EPIPE|ECONNABORTED|EHOSTUNREACH|ENETUNREACH)\b/,
  // npm prints registry server errors as codes E500..E599.
  /\bcode E5\d\d\b/,
  /\b(socket hang up|network timeout at|Client network socket disconnected)\b/i,
  /\b50[234] (Bad Gateway|Service Unavailable|Gateway Time-?out)\b/i,
];

/** The evidence that a failed command's output shows a transient (network) failure, or undefined. */
export function transientReason(output: string): string | undefined {
  for (const re of TRANSIENT) {
    const m = re.exec(output);
    if (m) return m[0];
  }
  return undefined;
}
