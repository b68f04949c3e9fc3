// Entry of a parsing thread (see parse-pool.ts). Plain JavaScript: it registers tsx before loading the
// TypeScript loader, since a worker does not inherit the hooks of the thread that started it.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { runParseThread } = await import('./parse-pool.ts');
const { parseFolder } = await import('./load.ts');
runParseThread(workerData, (job, displayRoot) => parseFolder(job.dir, job.name, displayRoot));
