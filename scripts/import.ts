/**
 * Imports a DMS export from the command line (operators), with the same service the upload
 * endpoint uses:
 *
 *   npm run import -- --dealership CODE --kind customers|repair_orders [--dry-run] [--mapping file.json] FILE
 *
 * Database: MONGODB_URI when set, else the local one on .data/db (started if needed).
 * The job is recorded like an upload's (GET /api/imports/:id shows it; errors.csv lists the
 * row errors). The file is read in place and never deleted. Progress: a bar on a terminal,
 * a line every few seconds otherwise. Exit code: 0 done (row errors included), 1 the import
 * failed, 2 bad arguments or a file that cannot be imported (nothing written).
 */
import { statSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Presets, SingleBar } from 'cli-progress';
import { IMPORT_KINDS, type ImportKind } from '@dealer/shared';
import { disconnectDatabase } from '../server/src/lib/db';
import { openDatabase, wireModules } from '../server/src/composition';
import { AppError } from '../server/src/lib/errors';
import { Dealership } from '../server/src/modules/dealerships/dealership.model';
import { checkImportFile, checkMapping } from '../server/src/modules/imports/file-check';
import { savedMappingFor, withSavedMapping } from '../server/src/modules/imports/saved-mapping';
import { ImportJob, type ImportJobRecord } from '../server/src/modules/imports/import.model';
import { claimImport } from '../server/src/modules/imports/import-worker';
import { createImportJob } from '../server/src/modules/imports/import.service';
import { failImport, runImportJob } from '../server/src/modules/imports/run-import';
import { startLocalDatabase } from './db/launcher';

const USAGE =
  'usage: npm run import -- --dealership CODE --kind customers|repair_orders [--dry-run] [--mapping file.json] FILE';
const SHOWN_ERRORS = 20;

class UsageError extends Error {}

function readOptions() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      dealership: { type: 'string' },
      kind: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      mapping: { type: 'string' },
      help: { type: 'boolean', short: 'h' }
    }
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (!values.dealership) throw new UsageError('缺少 --dealership（门店代码）');
  if (!IMPORT_KINDS.includes(values.kind as ImportKind))
    throw new UsageError('--kind 应为 customers 或 repair_orders');
  if (positionals.length !== 1) throw new UsageError('请指定一个要导入的文件');
  const file = resolve(positionals[0]);
  if (!statSync(file, { throwIfNoEntry: false })?.isFile()) throw new UsageError(`文件不存在：${file}`);
  let mapping: unknown = {};
  if (values.mapping) {
    try {
      mapping = JSON.parse(readFileSync(values.mapping, 'utf8'));
    } catch (err) {
      throw new UsageError(
        `无法读取字段映射文件 ${values.mapping}：${err instanceof Error ? err.message : String(err)}`
      );
    }
  }
  return {
    code: values.dealership,
    kind: values.kind as ImportKind,
    dryRun: values['dry-run'] === true,
    mapping,
    file
  };
}

/** A bar on a terminal; elsewhere (CI, logs) a plain line at most every 5 s. */
function progressReporter() {
  const bar = process.stderr.isTTY
    ? new SingleBar(
        { format: '导入 [{bar}] {value}/{total} 行 | {eta_formatted}', stream: process.stderr },
        Presets.shades_classic
      )
    : null;
  let started = false;
  let lastLine = 0;
  return {
    update(p: { processed: number; total: number | null }) {
      const total = Math.max(p.total ?? p.processed, p.processed, 1);
      if (bar) {
        if (!started) bar.start(total, 0);
        started = true;
        bar.setTotal(total);
        bar.update(p.processed);
      } else if (Date.now() - lastLine >= 5_000) {
        lastLine = Date.now();
        console.error(`已处理 ${p.processed}${p.total === null ? '' : `/${p.total}`} 行`);
      }
    },
    stop() {
      if (started) bar?.stop();
    }
  };
}

function printResult(job: ImportJobRecord): void {
  const c = job.counts;
  console.log(
    `导入任务 ${String(job._id)}：${job.status === 'done' ? '完成' : '失败'}${job.dryRun ? '（试运行，未写入数据）' : ''}`
  );
  console.log(
    `新增 ${c?.created ?? 0}，更新 ${c?.updated ?? 0}，未变 ${c?.unchanged ?? 0}，失败 ${c?.failed ?? 0}（共 ${job.progress?.processed ?? 0} 行，警告 ${job.warningsCount ?? 0} 条）`
  );
  console.log(
    JSON.stringify({
      id: String(job._id),
      status: job.status,
      counts: c,
      errorCount: job.errorCount,
      warningsCount: job.warningsCount
    })
  );
  if (job.failure?.message) console.log(`失败原因：${job.failure.message}`);
  const errors = job.rowErrors ?? [];
  if (errors.length > 0) {
    console.log(
      `行错误 ${job.errorCount ?? errors.length} 条${errors.length > SHOWN_ERRORS ? `，前 ${SHOWN_ERRORS} 条` : ''}：`
    );
    for (const e of errors.slice(0, SHOWN_ERRORS))
      console.log(`  第 ${e.rowNumber} 行  ${e.column}：${e.reason}`);
  }
}

async function main(): Promise<number> {
  let options: ReturnType<typeof readOptions>;
  try {
    options = readOptions();
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    return 2;
  }
  const db = await startLocalDatabase({
    dataDir: resolve('.data/db'),
    log: (line) => console.error(`[db] ${line}`)
  });
  // Every module's indexes: the unique ones are what make an import idempotent.
  await openDatabase(db.uri);
  const interrupted = new AbortController();
  process.once('SIGINT', () => interrupted.abort());
  try {
    const dealership = await Dealership.findOne({ code: options.code }).lean();
    if (!dealership) {
      console.error(`门店代码不存在：${options.code}`);
      return 2;
    }
    // The dealership's saved column mappings apply here too (the command line's own win).
    const saved = await savedMappingFor(String(dealership._id), options.kind);
    const mapping = withSavedMapping(saved, checkMapping(options.mapping));
    const fileName = basename(options.file);
    await checkImportFile(options.file, fileName, options.kind, mapping);
    const job = await createImportJob(
      {
        dealershipId: dealership._id,
        staffId: null,
        kind: options.kind,
        dryRun: options.dryRun,
        fileName,
        filePath: options.file,
        ownsFile: false,
        mapping
      },
      true
    );
    const progress = progressReporter();
    const attempt = await claimImport(job, `cli:${hostname()}:${process.pid}`);
    if (attempt === null) throw new Error('another worker claimed the job first');
    const result = await runImportJob(job._id, {
      attempt,
      hooks: wireModules().imports,
      signal: interrupted.signal,
      onProgress: (p) => progress.update(p)
    });
    progress.stop();
    if (result === 'aborted') {
      const current = await ImportJob.findById(job._id).lean<ImportJobRecord>();
      if (current)
        await failImport(current, attempt, {
          code: 'INTERRUPTED',
          message: '导入被操作员中断；已导入的行保留，重新导入同一文件即可补全'
        });
    }
    const final = await ImportJob.findById(job._id).lean<ImportJobRecord>();
    if (!final) throw new Error('导入任务记录丢失');
    printResult(final);
    return final.status === 'done' ? 0 : 1;
  } catch (err) {
    if (err instanceof AppError) {
      console.error(`无法导入：${err.message}`);
      return 2;
    }
    throw err;
  } finally {
    await disconnectDatabase();
    await db.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  }
);
