// `npm run bench:repair`: repair quality and speed on the shared corpus (real files from npm packages and
// GitLab's CI templates, one injected syntax error each): exact% / text% / wrong% / declined% per language
// and kind of fault, and the time the whole corpus takes through the CLI.
// Builds the corpus on first use (../shared/corpus/build.sh). QMOI_CORPUS picks another corpus folder.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = path.resolve(root, '..', 'shared', 'corpus');
const corpus = process.env.QMOI_CORPUS || '/tmp/qmoi-dev-corpus';
if (!fs.existsSync(path.join(shared, 'score.sh'))) {
  console.error(`bench:repair needs the shared corpus tools at ${shared}`);
  process.exit(2);
}
if (!fs.existsSync(path.join(corpus, 'manifest.json'))) {
  console.log(`building the corpus in ${corpus} ...`);
  const built = spawnSync(path.join(shared, 'build.sh'), [], { stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
const cli = `${process.execPath} ${path.join(root, 'dist', 'cli.js')} repair`;
const started = Date.now();
const r = spawnSync(path.join(shared, 'score.sh'), [cli, ...process.argv.slice(2)], { stdio: 'inherit' });
console.log(`wall time including scoring: ${((Date.now() - started) / 1000).toFixed(1)} s (target: corpus repaired in under 15 s)`);
process.exit(r.status ?? 1);
