// Secrets come from the environment; this makes sure none of them leaves the process in text we write.
const SECRET_ENV = ['GITLAB_TOKEN', 'GITHUB_TOKEN', 'SMTP_PASS', 'SMTP_USER', 'SLACK_WEBHOOK_URL', 'DISCORD_WEBHOOK_URL', 'CI_JOB_TOKEN', 'QMOI_TOKEN'];
const SECRET_NAME = /(TOKEN|SECRET|PASSWORD|PASSWD|PASS|API_KEY|PRIVATE_KEY|WEBHOOK)/i;
const MASK = '[secure]';

/** The secret values currently in the environment (named ones and anything that looks like a secret). */
export function secretValues(env: NodeJS.ProcessEnv = process.env): string[] {
  const values = new Set<string>();
  for (const [k, v] of Object.entries(env)) {
    if (!v || v.length < 4) continue;
    if (SECRET_ENV.includes(k) || SECRET_NAME.test(k)) {
      values.add(v);
      // A webhook URL's path is the secret part: hide it wherever it shows up on its own too.
      try {
        const u = new URL(v);
        if (u.pathname.length > 8) values.add(u.pathname);
        if (u.password) values.add(decodeURIComponent(u.password));
      } catch {
        /* not a URL */
      }
    }
  }
  return [...values].sort((a, b) => b.length - a.length);
}

/** Registers a secret learned at run time (e.g. a token printed by push.tokenCommand). */
export function addSecret(value: string): void {
  if (value && value.length >= 4 && !extra.includes(value)) extra.push(value);
}
const extra: string[] = [];

/** Replaces every secret value and every credential in a URL with `[secure]`. */
export function redact(text: string, env: NodeJS.ProcessEnv = process.env): string {
  if (!text) return text;
  const values = [...new Set([...secretValues(env), ...extra])].sort((a, b) => b.length - a.length);
  let out = text;
  for (const v of values) if (out.includes(v)) out = out.split(v).join(MASK);
  // user:password@host in any URL, and Authorization headers.
  out = out.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)([^\s/@:]+):([^\s/@]+)@/gi, `$1$2:${MASK}@`);
  out = out.replace(/(authorization:\s*(basic|bearer|token)\s+)[^\s"']+/gi, `$1${MASK}`);
  out = out.replace(/(PRIVATE-TOKEN:\s*)[^\s"']+/gi, `$1${MASK}`);
  return out;
}

/** Redacts every string inside a JSON-like value. */
export function redactDeep<T>(value: T, env: NodeJS.ProcessEnv = process.env): T {
  if (typeof value === 'string') return redact(value, env) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, env)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, env);
    return out as T;
  }
  return value;
}
