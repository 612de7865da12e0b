/** One import job run through the real service, as the worker runs it, measured. */
import type { Types } from 'mongoose';
import type { ImportHooks } from '../../server/src/modules/imports/import-hooks';
import { ImportJob } from '../../server/src/modules/imports/import.model';
import { claimImport } from '../../server/src/modules/imports/import-worker';
import { createImportJob } from '../../server/src/modules/imports/import.service';
import { runImportJob } from '../../server/src/modules/imports/run-import';
import { measureCpu, MemorySampler } from './common';
import { profiled } from './cpu-profile';

let profiles = 0;

export interface ImportRun {
  ms: number;
  counts: Record<string, number>;
  /** Milliseconds per phase, as runImportJob reports them. */
  timings: Record<string, number>;
  cpu: Record<string, number>;
  memory: MemorySampler;
}

export async function importFile(
  dealershipId: Types.ObjectId,
  kind: 'customers' | 'repair_orders',
  filePath: string,
  processes: Record<string, number | null>,
  hooks?: ImportHooks
): Promise<ImportRun> {
  const fileName = filePath.slice(filePath.lastIndexOf('/') + 1);
  const job = await createImportJob(
    { dealershipId, staffId: null, kind, dryRun: false, fileName, filePath, ownsFile: false, mapping: {} },
    true
  );
  const attempt = await claimImport(job, 'bench');
  const timings: Record<string, number> = {};
  const memory = new MemorySampler(processes, 100);
  const label = `${kind}-${++profiles}`;
  const {
    value: result,
    ms,
    cpu
  } = await measureCpu(processes, () =>
    profiled(label, () => runImportJob(job._id, { attempt: attempt ?? 0, timings, hooks }))
  );
  memory.stop();
  const done = await ImportJob.findById(job._id).lean();
  const counts = (done?.counts ?? {}) as Record<string, number>;
  if (result !== 'done' || (counts.failed ?? 0) > 0)
    throw new Error(`${kind} import of ${fileName} ended ${result}: ${JSON.stringify(counts)}`);
  return { ms, counts, timings, cpu, memory };
}
