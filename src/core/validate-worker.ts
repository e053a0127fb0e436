// A worker thread of `validate --all`: loads the repairers (and plugin modules) once, then validates each chunk
// of files it is sent and posts the results back.
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import type { RepairLimits } from './repair/repair-buffer.js';
import type { Repairer } from './repair/types.js';
import { enableCompileCache, saveCompileCache } from './compile-cache.js';
import { validateJobs, type ValidateJob } from './validate-all.js';

enableCompileCache();

const data = workerData as { pluginFiles: string[]; limits: Partial<RepairLimits> };
const plugins: Repairer[] = [];
for (const file of data.pluginFiles) {
  // The main thread already loaded and checked each plugin; one that fails here is left out, as it was there.
  try {
    const mod = (await import(pathToFileURL(file).href)) as { default?: Repairer; repairer?: Repairer };
    const p = mod.default ?? mod.repairer;
    if (p && typeof p.matches === 'function' && typeof p.repair === 'function') plugins.push(p);
  } catch {
    /* reported by the main thread */
  }
}

parentPort!.on('message', (jobs: ValidateJob[] | 'stop') => {
  if (jobs === 'stop') {
    // The last chunk is done: keep the compiled parsers for the next run, then end this thread.
    saveCompileCache();
    parentPort!.close();
    return;
  }
  void validateJobs(jobs, { plugins, limits: data.limits }).then((done) => parentPort!.postMessage(done));
});
