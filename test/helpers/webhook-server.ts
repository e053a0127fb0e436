// HTTP servers on 127.0.0.1 that answer like Slack and Discord incoming webhooks (including their refusals of
// messages over the limits), with scripted replies (429, 5xx, 404, a hang), recording what they received.
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { CLI, testEnv } from './repo.js';

/** One scripted answer; `hang` never answers. */
export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  hang?: boolean;
}

/** A request as the server saw it. */
export interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  json: any;
  at: number;
}

export interface WebhookServer {
  /** The webhook URL to put in SLACK_WEBHOOK_URL / DISCORD_WEBHOOK_URL; its path is the secret. */
  url: string;
  /** The secret part of the URL. */
  secret: string;
  received: Received[];
  /** Queues answers for the next requests; after them the service answers as it normally does. */
  script(...replies: Reply[]): void;
  close(): Promise<void>;
}

/** Starts a fake Slack or Discord webhook endpoint. */
export async function startWebhookServer(flavor: 'slack' | 'discord'): Promise<WebhookServer> {
  const secret = flavor === 'slack' ? `/services/T0QMOI/B0QMOI/${token()}` : `/api/webhooks/1234567890/${token()}`;
  const received: Received[] = [];
  const queue: Reply[] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      received.push({ path: req.url ?? '', headers: req.headers, body, json, at: Date.now() });
      const reply = queue.shift() ?? normalReply(flavor, req, secret, json);
      if (reply.hang) return;
      res.writeHead(reply.status ?? 200, reply.headers ?? {});
      res.end(reply.body ?? '');
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}${secret}`,
    secret,
    received,
    script: (...replies) => queue.push(...replies),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** What the real service answers: 404 for a wrong path, 400 for a message over its limits, else success. */
function normalReply(flavor: 'slack' | 'discord', req: http.IncomingMessage, secret: string, json: any): Reply {
  if (flavor === 'slack') {
    if (req.method !== 'POST' || req.url !== secret) return { status: 404, body: 'no_service' };
    if (!json || (typeof json.text !== 'string' && !Array.isArray(json.blocks))) return { status: 400, body: 'invalid_payload' };
    if (slackProblem(json)) return { status: 400, body: 'invalid_blocks' };
    return { status: 200, headers: { 'content-type': 'text/html' }, body: 'ok' };
  }
  const error = (status: number, message: string, code: number): Reply => ({ status, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message, code }) });
  if (req.method !== 'POST' || req.url !== secret) return error(404, 'Unknown Webhook', 10015);
  if (!json || (!json.content && !json.embeds?.length)) return error(400, 'Cannot send an empty message', 50006);
  if (discordProblem(json)) return error(400, 'Invalid Form Body', 50035);
  return { status: 204 };
}

/** Slack's limits, as it enforces them on incoming webhooks. */
export function slackProblem(p: any): string | undefined {
  if (typeof p.text === 'string' && p.text.length > 40000) return 'text over 40,000';
  if (p.blocks && p.blocks.length > 50) return 'more than 50 blocks';
  for (const b of p.blocks ?? []) {
    if (b.text && b.text.text.length > 3000) return 'section text over 3,000';
    if (b.fields && (b.fields.length > 10 || b.fields.some((f: any) => f.text.length > 2000))) return 'fields over the limits';
  }
  return undefined;
}

/** Discord's limits, as it enforces them on webhook messages. */
export function discordProblem(p: any): string | undefined {
  if (typeof p.content === 'string' && p.content.length > 2000) return 'content over 2,000';
  if (p.username !== undefined && (p.username.length < 1 || p.username.length > 80)) return 'username not 1-80';
  const embeds: any[] = p.embeds ?? [];
  if (embeds.length > 10) return 'more than 10 embeds';
  let total = 0;
  for (const e of embeds) {
    if ((e.description ?? '').length > 4096) return 'description over 4,096';
    if ((e.fields ?? []).length > 25) return 'more than 25 fields';
    total += (e.title ?? '').length + (e.description ?? '').length + (e.footer?.text ?? '').length;
    for (const f of e.fields ?? []) {
      if (f.name.length > 256 || f.value.length > 1024) return 'field over the limits';
      total += f.name.length + f.value.length;
    }
  }
  if (total > 6000) return 'embeds over 6,000 in total';
  return undefined;
}

/** A port nothing listens on (for "server down"). */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Runs the built CLI without blocking this process, so the servers above can answer it. */
export function runCliAsync(cwd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<{ status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, [CLI, ...args], { cwd, env: testEnv(opts.env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 30000);
  return new Promise((resolve) =>
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr, ms: Date.now() - started });
    }),
  );
}

function token(): string {
  return Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2);
}
