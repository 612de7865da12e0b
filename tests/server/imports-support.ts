import mongoose from 'mongoose';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ImportJob } from '@dealer/shared';
import type { TestContext } from '../support/harness';
import type { FixtureExpectation } from '../fixtures/dms/fixture-types';

/** Helpers shared by the DMS import tests (uploads through HTTP, waiting for the job). */

export const FIXTURES = join(__dirname, '..', 'fixtures', 'dms');
export const fixture = (name: string) => join(FIXTURES, name);
export const expectation = (name: string): FixtureExpectation =>
  JSON.parse(readFileSync(fixture(name), 'utf8')) as FixtureExpectation;

export interface UploadFields {
  kind?: string;
  dryRun?: string;
  mapping?: string;
  dealershipId?: string;
}

export function upload(
  ctx: TestContext,
  auth: Record<string, string>,
  file: string | { name: string; bytes: Buffer } | null,
  fields: UploadFields
) {
  let req = ctx.http().post('/api/imports').set(auth);
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) req = req.field(k, v);
  if (typeof file === 'string') req = req.attach('file', file);
  else if (file) req = req.attach('file', file.bytes, file.name);
  return req;
}

export async function waitForImport(
  ctx: TestContext,
  auth: Record<string, string>,
  id: string,
  timeoutMs = 45_000
): Promise<ImportJob> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await ctx.http().get(`/api/imports/${id}`).set(auth).expect(200);
    const job = res.body as ImportJob;
    if (job.status === 'done' || job.status === 'failed') return job;
    if (Date.now() > deadline) throw new Error(`import ${id} still ${job.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Upload, expect 202, wait for the end. */
export async function importFile(
  ctx: TestContext,
  auth: Record<string, string>,
  file: string,
  fields: UploadFields
): Promise<ImportJob> {
  const res = await upload(ctx, auth, file, fields);
  if (res.status !== 202) throw new Error(`upload answered ${res.status}: ${JSON.stringify(res.body)}`);
  return waitForImport(ctx, auth, res.body.id as string);
}

/** Every document of the import's target collections, for before/after comparisons. */
export async function snapshot(): Promise<Record<string, unknown[]>> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('not connected');
  const out: Record<string, unknown[]> = {};
  for (const name of ['customers', 'vehicles', 'service_records']) {
    out[name] = await db.collection(name).find({}).sort({ _id: 1 }).toArray();
  }
  return out;
}

/** Counts a first import of a fixture gives, from its hand-written expectation. */
export function firstImportCounts(e: FixtureExpectation) {
  return {
    created: e.distinctValidRecords,
    updated: 0,
    unchanged: e.validRows - e.distinctValidRecords,
    failed: e.errorRowCount
  };
}

export const errorCells = (e: FixtureExpectation) =>
  e.errorRows
    .flatMap((r) => r.issues.map((i) => ({ rowNumber: r.rowNumber, column: i.column })))
    .sort((a, b) => a.rowNumber - b.rowNumber);

export const warningTotal = (e: FixtureExpectation) => e.warningRows.reduce((n, r) => n + r.issues.length, 0);
