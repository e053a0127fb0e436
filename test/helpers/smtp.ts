// A real SMTP server on 127.0.0.1 (smtp-server) with password authentication and a size limit, recording
// the messages it accepted. smtp-server only advertises its size limit; the check is done here.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A message as the server accepted it. */
export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

export interface SmtpServer {
  port: number;
  messages: ReceivedMail[];
  /** Failed logins seen. */
  authFailures: number;
  close(): Promise<void>;
}

/** Starts the server; only `user`/`pass` log in, and messages over `size` bytes are refused with 552. */
export async function startSmtpServer(opts: { user: string; pass: string; size?: number }): Promise<SmtpServer> {
  const messages: ReceivedMail[] = [];
  const state = { authFailures: 0 };
  const server = new SMTPServer({
    authMethods: ['PLAIN', 'LOGIN'],
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    size: opts.size ?? 1024 * 1024,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === opts.user && auth.password === opts.pass) return callback(null, { user: auth.username });
      state.authFailures++;
      callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          const err = new Error('Message exceeds fixed maximum message size') as Error & { responseCode: number };
          err.responseCode = 552;
          return callback(err);
        }
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    messages,
    get authFailures() {
      return state.authFailures;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
