import type Router from '@koa/router';
import { rm } from 'node:fs/promises';
import { createImportFields, importAccepted, importJob, importList, listImportsQuery } from '@dealer/shared';
import type { AppDeps } from '../../deps';
import { xlsxLimitsOf } from '../../config';
import { AppError, badRequest, payloadTooLarge, unsupportedMediaType } from '../../lib/errors';
import { idParams, route } from '../../http/route';
import { findDealership } from '../dealerships/dealership.service';
import { dealershipScope } from '../../http/dealership-scope';
import { checkImportFile, checkMapping } from './file-check';
import { wakeImportWorkers } from './import-worker';
import { createImportJob, errorsCsv, findImportFor, listImports, presentImport } from './import.service';
import { receiveUpload } from './upload';
import { saveMapping, savedMappingFor, withSavedMapping } from './saved-mapping';

/** Beyond this declared size the body is refused without reading it (see receiveUpload). */
const HOPELESS_FACTOR = 2;

function parseFields(fields: Record<string, string>) {
  const parsed = createImportFields.safeParse(fields);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({
    path: ['body', ...i.path.map(String)].join('.'),
    message: i.message,
    code: i.code
  }));
  throw new AppError(400, 'VALIDATION_FAILED', `请求参数有误：${issues[0].path} ${issues[0].message}`, {
    issues
  });
}

export function importRoutes(router: Router, { config }: AppDeps): void {
  const maxFileBytes = config.UPLOAD_LIMIT_MB * 1024 * 1024;

  route.staff(router, {
    method: 'post',
    path: '/api/imports',
    tag: 'imports',
    summary:
      'Upload a DMS export (multipart/form-data: file, kind, dryRun, mapping JSON, dealershipId for group admins); answers 202 with the job id',
    capability: 'imports.run',
    response: importAccepted,
    status: 202,
    handler: async ({ auth, ctx }) => {
      if (!ctx.is('multipart/form-data')) throw unsupportedMediaType('请以 multipart/form-data 方式上传文件');
      const declared = Number(ctx.get('content-length') || 0);
      if (declared > maxFileBytes * HOPELESS_FACTOR + 1024 * 1024) {
        ctx.set('Connection', 'close');
        throw payloadTooLarge(`文件超过 ${config.UPLOAD_LIMIT_MB} MB 的上传上限`);
      }
      const upload = await receiveUpload(ctx.req, {
        dir: config.UPLOAD_DIR,
        maxFileBytes,
        fileField: 'file'
      });
      try {
        const fields = parseFields(upload.fields);
        if (!upload.file) throw badRequest('FILE_REQUIRED', '请选择要导入的文件（字段名 file）');
        const dealershipId = dealershipScope(auth, fields.dealershipId);
        if (!dealershipId) throw badRequest('DEALERSHIP_REQUIRED', '请指定导入到哪个门店（dealershipId）');
        await findDealership(dealershipId);
        const explicit = checkMapping(fields.mapping ?? {});
        const mapping = withSavedMapping(await savedMappingFor(dealershipId, fields.kind), explicit);
        await checkImportFile(upload.file.path, upload.file.name, fields.kind, mapping, xlsxLimitsOf(config));
        const job = await createImportJob({
          dealershipId,
          staffId: auth.staffId,
          kind: fields.kind,
          dryRun: fields.dryRun,
          fileName: upload.file.name,
          filePath: upload.file.path,
          ownsFile: true,
          mapping
        });
        // Mapped columns are remembered for the dealership's next file of this kind.
        if (!fields.dryRun) await saveMapping(dealershipId, fields.kind, explicit);
        wakeImportWorkers();
        return { id: String(job._id) };
      } catch (err) {
        // Nothing stays behind for a refused upload.
        if (upload.file) await rm(upload.file.path, { force: true });
        throw err;
      }
    }
  });

  route.staff(router, {
    method: 'get',
    path: '/api/imports',
    tag: 'imports',
    summary: 'Import jobs of my dealership, newest first (all, or one dealership, for a group admin)',
    capability: 'imports.run',
    query: listImportsQuery,
    response: importList,
    handler: async ({ auth, query }) =>
      listImports(dealershipScope(auth, query.dealershipId), query.page, query.pageSize)
  });

  route.staff(router, {
    method: 'get',
    path: '/api/imports/:id',
    tag: 'imports',
    summary: 'Status of an import job: progress, counts, first errors, dry-run preview',
    capability: 'imports.run',
    params: idParams,
    response: importJob,
    handler: async ({ auth, params }) => presentImport(await findImportFor(auth, params.id))
  });

  route.staff(router, {
    method: 'get',
    path: '/api/imports/:id/errors.csv',
    tag: 'imports',
    summary: 'Row errors of an import as CSV (UTF-8 with BOM): 行号,列,原因',
    capability: 'imports.run',
    params: idParams,
    produces: 'text/csv',
    handler: async ({ auth, params, ctx }) => {
      const job = await findImportFor(auth, params.id);
      const name = `导入错误-${job.fileName.replace(/\.[^.]*$/, '')}.csv`;
      ctx.type = 'text/csv; charset=utf-8';
      ctx.set(
        'Content-Disposition',
        `attachment; filename="import-errors.csv"; filename*=UTF-8''${encodeURIComponent(name)}`
      );
      return errorsCsv(job);
    }
  });
}
