#!/usr/bin/env node
// The `qmoi-hooks` binary: hands argv to the CLI and exits with its code. Kept tiny so hooks start fast.
import { main } from './cli/main.js';

// A reader that stopped early (`qmoi-hooks report | head`) is no failure of the command: drop the rest of the
// output, let the work finish, exit with its code (never a stack trace for a closed pipe).
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', () => {
    stream.write = (() => true) as typeof stream.write;
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // Last line of defence: never a stack trace for the user (DEBUG=qmoi:* shows it).
    process.stderr.write(`qmoi-hooks: ${err instanceof Error ? err.message : String(err)}\n`);
    if (/qmoi/.test(process.env.DEBUG ?? '') && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    process.exitCode = 2;
  },
);
