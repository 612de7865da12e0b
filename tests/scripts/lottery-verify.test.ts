/**
 * The public verification script (`npx tsx scripts/lottery-verify.ts <url-or-file>`), run as
 * a process: the committed record verifies (so a change to the draw algorithm that would
 * invalidate published campaigns fails here), a tampered one fails, unreadable input exits 2.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { PublishedCampaign, VerificationResult } from '@dealer/shared/domain/lottery';

jest.setTimeout(120_000);
const ROOT = resolve(__dirname, '../..');
const FIXTURE = join(ROOT, 'tests/fixtures/lottery/verification.json');
const dir = mkdtempSync(join(tmpdir(), 'lottery-verify-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function verify(...args: string[]): Promise<Run> {
  return new Promise((done) => {
    execFile('npx', ['tsx', 'scripts/lottery-verify.ts', ...args], { cwd: ROOT }, (err, stdout, stderr) => {
      done({ code: err ? Number(err.code) : 0, stdout, stderr });
    });
  });
}

const record = (): PublishedCampaign => JSON.parse(readFileSync(FIXTURE, 'utf8')) as PublishedCampaign;
function saved(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

test('the committed record verifies: exit 0 and a summary by prize', async () => {
  const run = await verify(FIXTURE);
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('draws       90 of 90 recomputed');
  expect(run.stdout).toContain('免费洗车券 (car-wash): 8 awarded, stock 8');
  expect(run.stdout).toContain('VERIFIED');
});

test('a tampered record fails with the reason and exit 1; --json prints the result', async () => {
  const original = record();
  const draws = original.draws.map((d) =>
    d === original.draws.find((x) => x.fate === 'out-of-stock') ? { ...d, fate: 'won', awarded: d.picked } : d
  );
  const run = await verify(saved('tampered.json', { ...original, draws }));
  expect(run.code).toBe(1);
  expect(run.stdout).toMatch(/FAILED: \d+ problem/);
  expect(run.stdout).toMatch(/发出 \d+ 份，超过库存/);

  const json = await verify(saved('tampered-seed.json', { ...record(), seedHex: 'ab'.repeat(32) }), '--json');
  expect(json.code).toBe(1);
  const result = JSON.parse(json.stdout) as VerificationResult;
  expect(result.ok).toBe(false);
  expect(result.problems[0]).toBe('公布的种子与活动开始前公示的种子哈希不一致');
});

describe('over HTTP', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/api/lottery/campaigns/c1/verification') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ verification: record() }));
      } else {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'not_found', message: '种子尚未公布' } }));
      }
    });
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((closed) => server.close(closed)));

  test('fetches the public record from a URL and verifies it', async () => {
    const run = await verify(`${base}/api/lottery/campaigns/c1/verification`);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('VERIFIED');
  });

  test('an error answer is reported with its status, exit 2', async () => {
    const run = await verify(`${base}/api/lottery/campaigns/c2/verification`);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('answered 404');
  });
});

test('unreadable input exits 2 with a clear message, never a stack trace', async () => {
  const cases: [string[], string][] = [
    [[join(dir, 'missing.json')], 'cannot read'],
    [[saved('not-json.json', '{ draws: ')], 'the document is not JSON'],
    [[saved('shape.json', { campaignId: 'c1', draws: 'none' })], 'not a lottery verification record'],
    [[], 'usage:'],
    [[FIXTURE, '--unknown'], 'usage:']
  ];
  for (const [args, message] of cases) {
    const run = await verify(...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  }
});
