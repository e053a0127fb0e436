// A real git smart-HTTP(S) server for tests: `git http-backend` as CGI behind Node's http/https, with
// basic auth and faults injected per request (status codes, connection resets, delays).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** Something to do to a request instead of (or before) serving it. */
export type Fault = { kind: 'status'; code: number } | { kind: 'reset' } | { kind: 'delay'; ms: number };

/** A fault for the next `times` requests of one service (and method, when given). */
export interface FaultRule {
  service: 'git-receive-pack' | 'git-upload-pack' | 'any';
  method?: 'GET' | 'POST';
  fault: Fault;
  times: number;
}

/** One request the server saw. */
export interface SeenRequest {
  method: string;
  url: string;
  service?: string;
  authorization?: string;
  status: number;
}

export interface ServerOptions {
  /** GIT_PROJECT_ROOT: folder holding the bare repositories. */
  root: string;
  /** Serve https with a self-signed certificate (trust it with GIT_SSL_CAINFO=cert().certFile). */
  https?: boolean;
  /** Require this basic-auth user and password. */
  auth?: { user: string; password: string };
}

/** The server; `url` is its base (https://127.0.0.1:PORT). */
export class GitHttpServer {
  readonly requests: SeenRequest[] = [];
  readonly faults: FaultRule[] = [];
  /** Most receive-pack requests in flight at once. */
  maxConcurrentPushes = 0;
  private active = 0;
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    private readonly server: http.Server,
    readonly url: string,
    private readonly opts: ServerOptions,
  ) {
    server.on('connection', (s: net.Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  /** Starts a server on 127.0.0.1 with a free port. */
  static async start(opts: ServerOptions): Promise<GitHttpServer> {
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => self.handle(req, res);
    const server = opts.https ? https.createServer({ key: fs.readFileSync(cert().keyFile), cert: fs.readFileSync(cert().certFile) }, handler) : http.createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    const self: GitHttpServer = new GitHttpServer(server, `${opts.https ? 'https' : 'http'}://127.0.0.1:${port}`, opts);
    return self;
  }

  /** Adds a fault for the next `times` requests of `service`. */
  inject(fault: Fault, times = 1, service: FaultRule['service'] = 'git-receive-pack', method?: FaultRule['method']): void {
    this.faults.push({ service, fault, times, method });
  }

  /** Requests for one service (info/refs and the POST both count). */
  seen(service: 'git-receive-pack' | 'git-upload-pack'): SeenRequest[] {
    return this.requests.filter((r) => r.service === service);
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const u = new URL(req.url ?? '/', 'http://x');
    const service = u.searchParams.get('service') ?? /\/(git-(?:receive|upload)-pack)$/.exec(u.pathname)?.[1];
    const seen: SeenRequest = { method: req.method ?? 'GET', url: req.url ?? '', service, authorization: req.headers.authorization, status: 0 };
    this.requests.push(seen);
    // A push is "in flight" from the moment its POST arrives until it is answered.
    const pushing = req.method === 'POST' && service === 'git-receive-pack';
    if (pushing) this.maxConcurrentPushes = Math.max(this.maxConcurrentPushes, ++this.active);
    try {
      seen.status = await this.answer(req, res, u, service);
    } finally {
      if (pushing) this.active--;
    }
  }

  /** Applies a fault or the auth check, else serves the request; returns the status sent (-1: reset). */
  private async answer(req: http.IncomingMessage, res: http.ServerResponse, u: URL, service: string | undefined): Promise<number> {
    const rule = this.faults.find((f) => f.times > 0 && (f.service === 'any' || f.service === service) && (!f.method || f.method === req.method));
    if (rule) {
      rule.times--;
      const fault = rule.fault;
      if (fault.kind === 'reset') {
        req.socket.destroy();
        return -1;
      }
      if (fault.kind === 'status') {
        res.writeHead(fault.code, { 'content-type': 'text/plain' }).end(`injected ${fault.code}\n`);
        return fault.code;
      }
      await new Promise((resolve) => setTimeout(resolve, fault.ms));
      if (req.socket.destroyed) return -1;
    }
    if (this.opts.auth && req.headers.authorization !== basic(this.opts.auth.user, this.opts.auth.password)) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="test"', 'content-type': 'text/plain' }).end('auth required\n');
      return 401;
    }
    return this.cgi(req, res, u);
  }

  /** Runs git http-backend for one request and relays its CGI answer. */
  private cgi(req: http.IncomingMessage, res: http.ServerResponse, u: URL): Promise<number> {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: os.tmpdir(),
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_PROJECT_ROOT: this.opts.root,
      GIT_HTTP_EXPORT_ALL: '1',
      REMOTE_USER: this.opts.auth?.user ?? 'tester',
      REMOTE_ADDR: '127.0.0.1',
      REQUEST_METHOD: req.method,
      PATH_INFO: decodeURIComponent(u.pathname),
      QUERY_STRING: u.search.slice(1),
      CONTENT_TYPE: req.headers['content-type'] ?? '',
      ...(req.headers['content-length'] ? { CONTENT_LENGTH: req.headers['content-length'] } : {}),
      ...(req.headers['content-encoding'] ? { HTTP_CONTENT_ENCODING: req.headers['content-encoding'] } : {}),
      ...(req.headers['git-protocol'] ? { GIT_PROTOCOL: String(req.headers['git-protocol']) } : {}),
    };
    return new Promise((resolve) => {
      const child = spawn('git', ['http-backend'], { env });
      req.pipe(child.stdin);
      child.stdin.on('error', () => undefined);
      let head = Buffer.alloc(0);
      let status = 200;
      let started = false;
      child.stdout.on('data', (d: Buffer) => {
        if (started) return void res.write(d);
        head = Buffer.concat([head, d]);
        const end = head.indexOf('\r\n\r\n') >= 0 ? head.indexOf('\r\n\r\n') + 4 : head.indexOf('\n\n') >= 0 ? head.indexOf('\n\n') + 2 : -1;
        if (end < 0) return;
        const headers: Record<string, string> = {};
        for (const line of head.subarray(0, end).toString('latin1').split(/\r?\n/)) {
          const i = line.indexOf(':');
          if (i <= 0) continue;
          const k = line.slice(0, i).trim();
          const v = line.slice(i + 1).trim();
          if (k.toLowerCase() === 'status') status = Number.parseInt(v, 10);
          else headers[k] = v;
        }
        res.writeHead(status, headers);
        started = true;
        res.write(head.subarray(end));
      });
      child.on('close', () => {
        if (!started) res.writeHead(500).end();
        else res.end();
        resolve(status);
      });
    });
  }
}

/** The Authorization header value for basic auth. */
export function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

let certCache: { keyFile: string; certFile: string } | undefined;

/** A self-signed certificate for 127.0.0.1, localhost and github.com (made once per test run, removed at exit). */
export function cert(): { keyFile: string; certFile: string } {
  if (certCache) return certCache;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qmoi-cert-'));
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  const r = spawnSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
    '-keyout', keyFile, '-out', certFile, '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:github.com',
  ], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl failed: ${r.stderr}`);
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  certCache = { keyFile, certFile };
  return certCache;
}

/** A URL on 127.0.0.1 where nothing listens (connections are refused at once). */
export async function deadUrl(scheme = 'https'): Promise<string> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return `${scheme}://127.0.0.1:${port}`;
}
