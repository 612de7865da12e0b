/**
 * The verification script against the real server: a campaign published, drawn by thirty
 * owners and ended through the API; the script fetches its public record over HTTP and
 * recomputes every draw exactly, and fails on a copy of that record with one award changed.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { LotteryVerificationView } from '@dealer/shared';
import { makeDealership, makeStaff } from '../support/factories';
import { startTestApp, type TestContext } from '../support/harness';
import { makeMember } from '../server/points-support';
import { drawAs, endAndReveal, inParallel, lawfulTerms, publishCampaign } from '../server/lottery-support';

jest.setTimeout(180_000);
const ROOT = resolve(__dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'lottery-verify-server-'));
let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(async () => {
  await ctx.close();
  rmSync(dir, { recursive: true, force: true });
});

function verify(source: string): Promise<{ code: number; stdout: string }> {
  return new Promise((done) => {
    execFile('npx', ['tsx', 'scripts/lottery-verify.ts', source], { cwd: ROOT }, (err, stdout) => {
      done({ code: err ? Number(err.code) : 0, stdout });
    });
  });
}

test('recomputes a real campaign’s draws exactly and fails on a tampered copy', async () => {
  const dealership = await makeDealership();
  const marketing = await makeStaff('marketing', dealership._id);
  const manager = await makeStaff('manager', dealership._id);
  const terms = lawfulTerms({ limits: { perDay: null, perCampaign: null, perPrize: 1 } });
  const campaign = await publishCampaign(ctx, marketing, manager, terms);
  const owners = await inParallel(
    Array.from({ length: 30 }, () => () => makeMember(ctx, dealership._id)),
    5
  );
  const draws = await inParallel(
    owners.map((o) => () => drawAs(ctx, o, campaign.id)),
    10
  );
  expect(draws.map((d) => d.status)).toEqual(new Array(30).fill(200));
  await endAndReveal(ctx, terms.endsAt);

  const url = `http://127.0.0.1:${(ctx.server.address() as AddressInfo).port}/api/lottery/campaigns/${campaign.id}/verification`;
  const run = await verify(url);
  expect(run.stdout).toContain('draws       30 of 30 recomputed');
  expect(run.stdout).toContain('VERIFIED');
  expect(run.code).toBe(0);

  const record = (await ctx.http().get(`/api/lottery/campaigns/${campaign.id}/verification`).expect(200))
    .body as LotteryVerificationView;
  const index = record.draws.findIndex((d) => d.awarded === 'thanks');
  const tampered = {
    ...record,
    draws: record.draws.map((d, i) => (i === index ? { ...d, awarded: 'gift', fate: 'won' } : d))
  };
  const file = join(dir, 'tampered.json');
  writeFileSync(file, JSON.stringify(tampered));
  const failed = await verify(file);
  expect(failed.code).toBe(1);
  expect(failed.stdout).toMatch(/FAILED: \d+ problem/);
});
