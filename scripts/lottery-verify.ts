/**
 * Verifies a finished lottery campaign from its public record (docs/lottery.md
 * "Verifying a campaign"): anyone can run it against the server or a saved copy.
 *
 *   npx tsx scripts/lottery-verify.ts https://example.com/api/lottery/campaigns/<id>/verification
 *   npx tsx scripts/lottery-verify.ts saved-verification.json [--json]
 *
 * Recomputes every draw from the revealed seed (sha256(seed) must equal the commitment
 * published before the draws), checks the stock and limit rule, prints the result.
 * `--json` prints the result as JSON instead. Exit code: 0 verified, 1 the record fails
 * verification, 2 the record could not be read (bad arguments, unreachable, not a record).
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { lotteryVerificationView } from '@dealer/shared';
import {
  verifyCampaign,
  type PublishedCampaign,
  type VerificationResult
} from '@dealer/shared/domain/lottery';

/** The record exactly as the server publishes it (GET /api/lottery/campaigns/:id/verification). */
const publishedCampaign = lotteryVerificationView;

class UnreadableRecord extends Error {}

async function readSource(source: string): Promise<string> {
  if (/^https?:\/\//i.test(source)) {
    const response = await fetch(source, { headers: { accept: 'application/json' } }).catch((err: Error) => {
      throw new UnreadableRecord(`cannot reach ${source}: ${err.message}`);
    });
    const body = await response.text();
    if (!response.ok)
      throw new UnreadableRecord(`${source} answered ${response.status}: ${body.slice(0, 300)}`);
    return body;
  }
  return readFile(source, 'utf8').catch((err: Error) => {
    throw new UnreadableRecord(`cannot read ${source}: ${err.message}`);
  });
}

/** The record, whether the document is the record itself or wraps it as `verification`. */
function parseRecord(text: string): PublishedCampaign {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UnreadableRecord('the document is not JSON');
  }
  const wrapped = z.object({ verification: publishedCampaign }).safeParse(json);
  if (wrapped.success) return wrapped.data.verification;
  const parsed = publishedCampaign.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new UnreadableRecord(
      `the document is not a lottery verification record:\n  ${issues.join('\n  ')}`
    );
  }
  return parsed.data;
}

function printReport(record: PublishedCampaign, result: VerificationResult): void {
  console.log(`campaign    ${record.campaignId}`);
  console.log(`commitment  ${record.commitment}`);
  console.log(`seed        ${record.seedHex ?? '(not revealed yet)'}`);
  console.log(`draws       ${result.checked} of ${record.draws.length} recomputed`);
  for (const prize of record.prizes) {
    const awarded = record.draws.filter((d) => d.awarded === prize.id).length;
    console.log(`  ${prize.name} (${prize.id}): ${awarded} awarded, stock ${prize.stock ?? 'unlimited'}`);
  }
  if (result.ok) {
    console.log('VERIFIED: every draw follows from the committed seed and the published rule.');
    return;
  }
  console.log(`FAILED: ${result.problems.length} problem(s)`);
  for (const problem of result.problems) console.log(`  - ${problem}`);
}

async function main(): Promise<number> {
  const usage = 'usage: npx tsx scripts/lottery-verify.ts <url-or-file> [--json]';
  let args;
  try {
    args = parseArgs({ allowPositionals: true, options: { json: { type: 'boolean' } } });
  } catch (err) {
    console.error(`${(err as Error).message}\n${usage}`);
    return 2;
  }
  const { values, positionals } = args;
  if (positionals.length !== 1) {
    console.error(usage);
    return 2;
  }
  const record = parseRecord(await readSource(positionals[0]));
  const result = verifyCampaign(record);
  if (values.json) console.log(JSON.stringify(result, null, 2));
  else printReport(record, result);
  return result.ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(err instanceof UnreadableRecord ? err.message : err.stack);
    process.exit(2);
  }
);
