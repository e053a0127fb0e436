// A V8 code cache for the CommonJS dependencies a hook loads (the parsers): Node 20 has no
// module.enableCompileCache (Node 22+), so each hook would compile @babel/parser & co. from source, ~50 ms per
// commit. The compiled code, including the functions the first parse compiled lazily, is kept per file and
// V8 version under the user's cache folder; V8 itself rejects a cache that no longer matches the source.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { fnv1a } from './fnv1a.js';

interface CjsModule {
  exports: unknown;
  _compile(content: string, filename: string, ...rest: unknown[]): unknown;
}
const Module = createRequire(import.meta.url)('node:module') as { prototype: CjsModule; wrap(source: string): string; createRequire(file: string): NodeJS.Require };

let enabled = false;
const fresh: { script: vm.Script; file: string }[] = [];

/** Where compiled code is kept: one folder per V8 version. */
function compileCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'qmoi-hooks', `v8-${process.versions.v8}`);
}

/** Compiles CommonJS files under node_modules with a code cache from now on in this thread; new caches are written at exit. */
export function enableCompileCache(dir = compileCacheDir()): void {
  if (enabled) return;
  enabled = true;
  const original = Module.prototype._compile;
  Module.prototype._compile = function (this: CjsModule, content: string, filename: string, ...rest: unknown[]) {
    if (!filename.includes(`${path.sep}node_modules${path.sep}`) || !filename.endsWith('.js')) return original.call(this, content, filename, ...rest);
    const file = path.join(dir, `${fnv1a(filename)}-${path.basename(filename, '.js')}.bin`);
    let script: vm.Script;
    let cachedData: Buffer | undefined;
    try {
      cachedData = fs.readFileSync(file);
    } catch {
      cachedData = undefined;
    }
    try {
      script = new vm.Script(Module.wrap(content), { filename, cachedData });
    } catch {
      return original.call(this, content, filename, ...rest);
    }
    if (!cachedData || script.cachedDataRejected) fresh.push({ script, file });
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return wrapper.call(this.exports, this.exports, Module.createRequire(filename), this, filename, path.dirname(filename));
  };
  process.once('exit', saveCompileCache);
}

/** Writes the code compiled without a usable cache (with what it has compiled lazily since); worker threads call it before they end. */
export function saveCompileCache(): void {
  for (const { script, file } of fresh.splice(0)) {
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      fs.writeFileSync(tmp, script.createCachedData());
      fs.renameSync(tmp, file);
    } catch {
      /* a cache we cannot write is only a slower next start */
    }
  }
}
