import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join, resolve } from 'node:path';
import { clock } from '../../lib/clock';
import {
  badRequest,
  isDuplicateKeyError,
  notFound,
  payloadTooLarge,
  unprocessable,
  unsupportedMediaType
} from '../../lib/errors';
import { receiveUpload } from '../imports/upload';
import { ComplaintPhoto, type ComplaintDoc } from './complaint.model';

export const MAX_PHOTOS = 3;
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

/** Where complaint photos live: under the data directory, never under the H5 web root. */
export const photoDirOf = (uploadDir: string) => resolve(uploadDir, 'complaint-photos');

/** The image type by its first bytes (the name and the declared type are the client's word). */
export function imageTypeOf(head: Buffer): string | null {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (
    head.length >= 8 &&
    head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  )
    return 'image/png';
  if (
    head.length >= 12 &&
    head.toString('latin1', 0, 4) === 'RIFF' &&
    head.toString('latin1', 8, 12) === 'WEBP'
  )
    return 'image/webp';
  return null;
}

async function headOf(path: string): Promise<Buffer> {
  const file = await open(path, 'r');
  try {
    const buf = Buffer.alloc(12);
    const { bytesRead } = await file.read(buf, 0, 12, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

/**
 * Stores one photo of a complaint: streamed to disk (≤ 5 MB, else 413), checked by its
 * magic bytes (JPEG, PNG, WebP, else 415), then given the first free slot
 * `<complaintId>-<n>` by unique insert (a fourth photo, even four at once, is 422).
 */
export async function addComplaintPhoto(complaint: ComplaintDoc, req: IncomingMessage, uploadDir: string) {
  if (complaint.status === 'closed') throw unprocessable('COMPLAINT_CLOSED', '投诉已关闭，不能再上传照片');
  const dir = photoDirOf(uploadDir);
  await mkdir(dir, { recursive: true });
  const upload = await receiveUpload(req, {
    dir: join(dir, 'incoming'),
    maxFileBytes: MAX_PHOTO_BYTES + 1,
    fileField: 'file'
  }).catch((err: unknown) => {
    if ((err as { status?: number }).status === 413) throw payloadTooLarge('照片不能超过 5 MB');
    throw err;
  });
  if (!upload.file) throw badRequest('PHOTO_REQUIRED', '请选择照片（字段名 file）');
  const file = upload.file;
  try {
    // busboy stops a file when it reaches its limit, so the limit given is one byte more.
    if (file.bytes > MAX_PHOTO_BYTES) throw payloadTooLarge('照片不能超过 5 MB');
    const mime = imageTypeOf(await headOf(file.path));
    if (!mime) throw unsupportedMediaType('只能上传 JPEG、PNG 或 WebP 图片');
    for (let n = 1; n <= MAX_PHOTOS; n++) {
      const _id = `${String(complaint._id)}-${n}`;
      const stored = `${_id}-${randomUUID()}`;
      try {
        await ComplaintPhoto.create({
          _id,
          complaintId: complaint._id,
          mime,
          bytes: file.bytes,
          file: stored,
          at: clock.now()
        });
      } catch (err) {
        if (isDuplicateKeyError(err)) continue;
        throw err;
      }
      await rename(file.path, join(dir, stored));
      return { id: _id, mime, bytes: file.bytes };
    }
    throw unprocessable('PHOTO_LIMIT', `每条投诉最多 ${MAX_PHOTOS} 张照片`);
  } finally {
    await rm(file.path, { force: true });
  }
}

/** A photo's stream, for a caller who may see the complaint. */
export async function complaintPhoto(complaint: ComplaintDoc, photoId: string, uploadDir: string) {
  const photo = await ComplaintPhoto.findOne({ _id: photoId, complaintId: complaint._id }).lean();
  if (!photo) throw notFound('照片', 'PHOTO_NOT_FOUND');
  return { mime: photo.mime, stream: createReadStream(join(photoDirOf(uploadDir), photo.file)) };
}
