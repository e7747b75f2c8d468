// Entry of every bulk-scan worker thread. On Node 20 a worker does not get the parent's
// `--import tsx` loader (its .ts entry fails with "Unknown file extension"), so register tsx here,
// then load the TypeScript worker module named in workerData.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.moduleUrl);
