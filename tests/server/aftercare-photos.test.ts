import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { clock } from '../../server/src/lib/clock';
import { ComplaintPhoto } from '../../server/src/modules/aftercare/complaint.model';
import { photoDirOf } from '../../server/src/modules/aftercare/complaint-photos';
import { startTestApp, type TestContext } from '../support/harness';
import { makeBoundCustomer } from '../support/care-fixtures';
import { errorOf, setupAftercare } from './aftercare-support';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx.close());
afterEach(() => clock.set(null));

const body = (head: number[] | string, size = 2048) => {
  const start = typeof head === 'string' ? Buffer.from(head, 'latin1') : Buffer.from(head);
  return Buffer.concat([start, Buffer.alloc(Math.max(0, size - start.length), 7)]);
};
const JPEG = body([0xff, 0xd8, 0xff, 0xe0]);
const PNG = body([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const WEBP = body('RIFF\x00\x10\x00\x00WEBPVP8 ');
const GIF = body('GIF89a');

async function complaint() {
  const s = await setupAftercare();
  const owner = await makeBoundCustomer(ctx, s.dealership._id, { name: '拍照车主' });
  const res = await ctx
    .http()
    .post('/api/owner/aftercare/complaints')
    .set(owner.auth)
    .send({ category: 'repair_quality', text: '车漆有划痕' })
    .expect(201);
  return { ...s, owner, id: res.body.id as string };
}

const upload = (id: string, auth: { Authorization: string }, file: Buffer, name = 'photo.jpg') =>
  ctx.http().post(`/api/owner/aftercare/complaints/${id}/photos`).set(auth).attach('file', file, name);

describe('complaint photos', () => {
  test('JPEG, PNG and WebP by their bytes, at most three, stored outside the web root, served to who may see the complaint', async () => {
    const c = await complaint();
    const photos = [];
    for (const [file, mime] of [
      [JPEG, 'image/jpeg'],
      [PNG, 'image/png'],
      [WEBP, 'image/webp']
    ] as const) {
      const res = await upload(c.id, c.owner.auth, file, 'x.bin').expect(201);
      expect(res.body.mime).toBe(mime);
      photos.push(res.body.id as string);
    }
    const fourth = await upload(c.id, c.owner.auth, JPEG).expect(422);
    expect(errorOf(fourth)?.code).toBe('PHOTO_LIMIT');
    expect(await ComplaintPhoto.countDocuments({ complaintId: c.id })).toBe(3);

    const dir = photoDirOf(ctx.deps.config.UPLOAD_DIR);
    expect(readdirSync(dir).filter((f) => f.startsWith(c.id))).toHaveLength(3);
    expect(dir.startsWith(ctx.deps.config.H5_DIR)).toBe(false);
    expect(readdirSync(join(dir, 'incoming'))).toEqual([]);

    const mine = await ctx.http().get('/api/owner/aftercare/complaints').set(c.owner.auth).expect(200);
    expect(mine.body.items[0].photos.map((p: { id: string }) => p.id)).toEqual(photos);

    const own = await ctx
      .http()
      .get(`/api/owner/aftercare/complaints/${c.id}/photos/${photos[1]}`)
      .set(c.owner.auth)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(own.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(own.body as Buffer, PNG)).toBe(0);
    await ctx
      .http()
      .get(`/api/aftercare/complaints/${c.id}/photos/${photos[0]}`)
      .set(c.manager.auth)
      .expect(200);

    const stranger = await makeBoundCustomer(ctx, c.dealership._id);
    await ctx
      .http()
      .get(`/api/owner/aftercare/complaints/${c.id}/photos/${photos[0]}`)
      .set(stranger.auth)
      .expect(404);
    await upload(c.id, stranger.auth, JPEG).expect(404);
    await ctx
      .http()
      .get(`/api/aftercare/complaints/${c.id}/photos/${photos[0]}`)
      .set(c.otherAdvisor.auth)
      .expect(404);
    const other = await setupAftercare('别家');
    await ctx
      .http()
      .get(`/api/aftercare/complaints/${c.id}/photos/${photos[0]}`)
      .set(other.manager.auth)
      .expect(404);
    await ctx
      .http()
      .get(`/api/aftercare/complaints/${c.id}/photos/${c.id}-9`)
      .set(c.manager.auth)
      .expect(400);
  });

  test('five uploads at once: three photos are kept, two are refused', async () => {
    const c = await complaint();
    const results = await Promise.all(Array.from({ length: 5 }, () => upload(c.id, c.owner.auth, JPEG)));
    expect(results.map((r) => r.status).sort()).toEqual([201, 201, 201, 422, 422]);
    expect(await ComplaintPhoto.countDocuments({ complaintId: c.id })).toBe(3);
    const dir = photoDirOf(ctx.deps.config.UPLOAD_DIR);
    expect(readdirSync(dir).filter((f) => f.startsWith(c.id))).toHaveLength(3);
  });

  test('other types are 415, over 5 MB is 413, a missing file is 400; nothing is kept', async () => {
    const c = await complaint();
    expect(errorOf(await upload(c.id, c.owner.auth, GIF, 'a.gif').expect(415))?.code).toBe(
      'UNSUPPORTED_MEDIA_TYPE'
    );
    await upload(c.id, c.owner.auth, Buffer.from('<html>not an image</html>'), 'a.jpg').expect(415);
    await upload(c.id, c.owner.auth, body([0xff, 0xd8, 0xff, 0xe0], 5 * 1024 * 1024 + 1)).expect(413);
    await upload(c.id, c.owner.auth, body([0xff, 0xd8, 0xff, 0xe0], 5 * 1024 * 1024)).expect(201);
    const none = await ctx
      .http()
      .post(`/api/owner/aftercare/complaints/${c.id}/photos`)
      .set(c.owner.auth)
      .field('note', 'x')
      .expect(400);
    expect(errorOf(none)?.code).toBe('PHOTO_REQUIRED');
    await ctx
      .http()
      .post(`/api/owner/aftercare/complaints/${c.id}/photos`)
      .set(c.owner.auth)
      .send({ file: 'x' })
      .expect(400);
    expect(await ComplaintPhoto.countDocuments({ complaintId: c.id })).toBe(1);
    const dir = photoDirOf(ctx.deps.config.UPLOAD_DIR);
    expect(readdirSync(dir).filter((f) => f.startsWith(c.id))).toHaveLength(1);
    expect(existsSync(join(dir, 'incoming')) ? readdirSync(join(dir, 'incoming')) : []).toEqual([]);
  });
});
