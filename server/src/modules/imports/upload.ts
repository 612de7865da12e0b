import busboy from 'busboy';
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { extname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { AppError, badRequest, payloadTooLarge } from '../../lib/errors';

/** A multipart upload streamed to disk: the file part and the text fields. */
export interface ReceivedUpload {
  /** null when the request had no `file` part. */
  file: { path: string; name: string; bytes: number } | null;
  fields: Record<string, string>;
}

export interface UploadLimits {
  dir: string;
  maxFileBytes: number;
  /** The only file part accepted. */
  fileField: string;
}

const MAX_FIELDS = 10;
const MAX_FIELD_BYTES = 64 * 1024;

/** Keeps a short, harmless extension so the stored file is recognisable on disk. */
function storedName(original: string): string {
  const ext = extname(original).toLowerCase();
  return `${randomUUID()}${/^\.[a-z0-9]{1,8}$/.test(ext) ? ext : ''}`;
}

/**
 * Streams the request through busboy, writing the file part to `dir` chunk by chunk so an
 * upload never sits in memory. Over the size limit the partial file is removed and the
 * rest of the body is read and discarded before answering 413 (answering while the client
 * is still sending makes most HTTP clients report a broken pipe instead of the 413).
 * Any failure removes what was written.
 */
export async function receiveUpload(req: IncomingMessage, limits: UploadLimits): Promise<ReceivedUpload> {
  const dir = resolve(limits.dir);
  await mkdir(dir, { recursive: true });
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: req.headers,
      defParamCharset: 'utf8',
      limits: {
        files: 1,
        fileSize: limits.maxFileBytes,
        fields: MAX_FIELDS,
        fieldSize: MAX_FIELD_BYTES,
        parts: MAX_FIELDS + 1
      }
    });
  } catch {
    throw badRequest('MALFORMED_UPLOAD', '上传内容格式有误（缺少 multipart 边界）');
  }

  // No prototype: field names come from the client.
  const fields: Record<string, string> = Object.create(null) as Record<string, string>;
  // Mutated by the parser callbacks below.
  const state: {
    file: ReceivedUpload['file'];
    stream: (NodeJS.ReadableStream & { destroy(): void }) | null;
    writing: Promise<void>;
    truncated: boolean;
    problem: AppError | null;
  } = {
    file: null,
    stream: null,
    writing: Promise.resolve(),
    truncated: false,
    problem: null
  };
  const refuse = (err: AppError) => {
    state.problem ??= err;
  };

  parser.on('file', (name, stream, info) => {
    if (name !== limits.fileField || state.file !== null) {
      refuse(badRequest('UNEXPECTED_FILE', `只能上传一个文件，字段名为 ${limits.fileField}`));
      stream.resume();
      return;
    }
    const current = {
      path: join(dir, storedName(info.filename ?? '')),
      name: info.filename || 'upload',
      bytes: 0
    };
    state.file = current;
    state.stream = stream;
    stream.on('data', (chunk: Buffer) => {
      current.bytes += chunk.length;
    });
    stream.on('limit', () => {
      state.truncated = true;
    });
    state.writing = pipeline(stream, createWriteStream(current.path));
  });
  parser.on('field', (name, value, info) => {
    if (info.valueTruncated) refuse(badRequest('FIELD_TOO_LONG', `字段 ${name} 过长`));
    fields[name] = value;
  });
  parser.on('filesLimit', () => refuse(badRequest('UNEXPECTED_FILE', '一次只能上传一个文件')));
  parser.on('fieldsLimit', () => refuse(badRequest('TOO_MANY_FIELDS', '表单字段过多')));
  parser.on('partsLimit', () => refuse(badRequest('TOO_MANY_FIELDS', '表单字段过多')));

  const parsed = new Promise<void>((done, fail) => {
    parser.on('close', done);
    parser.on('error', () => fail(badRequest('MALFORMED_UPLOAD', '上传内容格式有误')));
    req.on('close', () => {
      if (!req.complete) fail(new AppError(400, 'UPLOAD_ABORTED', '上传被中断'));
    });
  });
  req.pipe(parser);

  const cleanUp = async () => {
    req.unpipe(parser);
    req.resume();
    // A failed parse may leave the file part open; ending it lets the write settle.
    state.stream?.destroy();
    await state.writing.catch(() => undefined);
    if (state.file) await rm(state.file.path, { force: true });
  };
  try {
    await parsed;
    await state.writing;
  } catch (err) {
    await cleanUp();
    throw err instanceof AppError ? err : new AppError(500, 'UPLOAD_FAILED', '文件保存失败，请重试');
  }
  if (state.truncated) {
    await cleanUp();
    throw payloadTooLarge(`文件超过 ${Math.round(limits.maxFileBytes / 1024 / 1024)} MB 的上传上限`);
  }
  if (state.problem) {
    await cleanUp();
    throw state.problem;
  }
  return { file: state.file, fields };
}
