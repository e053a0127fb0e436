// `npm run bench`: every benchmark, one after the other: repair quality and speed, then hook speed.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
let failed = 0;
for (const bench of ['repair.mjs', 'hooks.mjs']) {
  console.log(`\n=== ${bench} ===`);
  const r = spawnSync(process.execPath, [path.join(here, bench)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
