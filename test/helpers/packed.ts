// The real package as users get it: `npm pack` once per test run, installed once into a fixture project,
// whose node_modules each test repository links to (a full `npm install` per test would take minutes).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT, tempDir } from './repo.js';

let tarball: string | undefined;
let fixture: string | undefined;

/** Packs qmoi-hooks (dist must be built) into a tarball; cached for the run. */
export function packTarball(): string {
  if (tarball) return tarball;
  const out = tempDir('qmoi-pack-');
  const name = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', out], { cwd: PROJECT_ROOT, encoding: 'utf8' }).trim().split('\n').pop()!;
  tarball = path.join(out, name);
  return tarball;
}

/** A project folder with the packed qmoi-hooks installed in node_modules (from the npm registry cache). */
export function installedFixture(): string {
  if (fixture) return fixture;
  const dir = tempDir('qmoi-fixture-');
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'fixture', version: '1.0.0', private: true }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--prefer-offline', packTarball()], {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, npm_config_cache: process.env.npm_config_cache ?? path.join(os.homedir(), '.npm') },
  });
  fixture = dir;
  return dir;
}

/** Links the fixture's node_modules into `dir` (a test repository's package folder). */
export function linkNodeModules(dir: string): void {
  fs.symlinkSync(path.join(installedFixture(), 'node_modules'), path.join(dir, 'node_modules'), 'dir');
}

/** The installed CLI inside the fixture. */
export function installedCli(): string {
  return path.join(installedFixture(), 'node_modules', 'qmoi-hooks', 'dist', 'cli.js');
}
