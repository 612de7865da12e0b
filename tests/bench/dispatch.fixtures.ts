/**
 * Fixtures of the dispatch benchmark: the WeChat sandbox in a child process (its message
 * log would otherwise count in the benchmark's RSS), quotas granted on WeChat's side, and
 * bound customers with a birthday on 20 May, marketing consent and one accepted template.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Types } from 'mongoose';
import { DEFAULT_CARE_TEMPLATES } from '@dealer/shared';
import { insertManyUnique, sleep, TokenBucket } from '../../server/src/lib/jobs';
import type { WechatClient } from '../../server/src/lib/wechat/client';
import { Customer } from '../../server/src/modules/customers/customer.model';
import { Owner } from '../../server/src/modules/owners/owner.model';
import { SubscriptionGrant } from '../../server/src/modules/subscriptions/subscription.model';

export const SEND_LIMIT = 500;
export const APPID = 'wx-bench-appid';
export const SECRET = 'bench-secret';

export async function startSandbox(): Promise<{ url: string; child: ChildProcess }> {
  const config = join(mkdtempSync(join(tmpdir(), 'bench-sandbox-')), 'sandbox.json');
  writeFileSync(
    config,
    JSON.stringify({
      templates: Object.fromEntries(DEFAULT_CARE_TEMPLATES.map((t) => [t.templateId, t.keywords])),
      maxCallLog: 1000
    })
  );
  const child = spawn(
    process.execPath,
    [
      ...(process.env.SANDBOX_PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/sbprof'] : []),
      '--import',
      'tsx',
      resolve(__dirname, '../../scripts/wechat-sandbox/run.ts'),
      '--port',
      '0',
      '--rate',
      String(SEND_LIMIT),
      '--appid',
      APPID,
      '--secret',
      SECRET,
      '--config',
      config
    ],
    {
      stdio: ['ignore', 'ignore', 'pipe']
    }
  );
  const url = await new Promise<string>((res, rej) => {
    createInterface({ input: child.stderr! }).on('line', (line) => {
      const m = /(http:\/\/[\d.:]+)/.exec(line);
      if (m) res(m[1]);
    });
    child.once('exit', (code) => rej(new Error(`sandbox exited ${code}`)));
  });
  return { url, child };
}

/** WeChat's side of the accepts: one quota per owner, granted through the control API. */
export async function grantInSandbox(url: string, openids: string[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < openids.length) {
      const openid = openids[next++];
      const res = await fetch(`${url}/__sandbox/subscribe`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ openid, templateIds: ['TPL_BIRTHDAY'] })
      });
      if (!res.ok) throw new Error(`grant failed: ${res.status}`);
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
}

/** `n` bound customers with a birthday on 20 May, marketing consent and one accepted template. */
export async function seedBirthdays(
  dealershipId: Types.ObjectId,
  n: number,
  prefix: string
): Promise<string[]> {
  const now = new Date();
  const openids: string[] = [];
  for (let start = 0; start < n; start += 5_000) {
    const owners = [];
    const customers = [];
    const grants = [];
    for (let i = start; i < Math.min(n, start + 5_000); i++) {
      const ownerId = new Types.ObjectId();
      const customerId = new Types.ObjectId();
      const openid = `o-${prefix}-${i}`;
      openids.push(openid);
      owners.push({
        _id: ownerId,
        openid,
        unionid: null,
        sessionKey: 'x',
        mobile: null,
        mobileVerifiedAt: null,
        createdAt: now,
        lastLoginAt: now
      });
      customers.push({
        _id: customerId,
        dealershipId,
        name: `客户${i}`,
        mobile: null,
        mobileKey: `none:${customerId}`,
        source: 'dms_import',
        tags: [],
        birthday: {
          calendar: 'solar',
          date: '1985-05-20',
          lunarMonth: null,
          lunarDay: null,
          lunarLeapMonth: false
        },
        birthdayKey: 'S:05-20',
        consent: { marketing: true, updatedAt: now },
        ownerId,
        boundAt: now,
        advisorId: null,
        tier: 'C',
        createdAt: now,
        updatedAt: now
      });
      grants.push({
        _id: `${ownerId}:TPL_BIRTHDAY:1`,
        ownerId,
        templateId: 'TPL_BIRTHDAY',
        n: 1,
        requestKey: `none:${ownerId}:TPL_BIRTHDAY:1`,
        grantedAt: now
      });
    }
    await Owner.collection.insertMany(owners);
    await Customer.collection.insertMany(customers);
    await insertManyUnique(SubscriptionGrant, grants);
  }
  return openids;
}

/**
 * The baseline: subscribe messages sent straight through the WeChat client to granted
 * openids, paced by the same kind of token bucket at the limit, 32 in flight, no database.
 * A refusal for the rate limit (45011) is retried after a short wait.
 */
export async function rawSends(
  wechat: WechatClient,
  openids: readonly string[]
): Promise<{ ms: number; retries: number }> {
  const bucket = new TokenBucket(SEND_LIMIT);
  let next = 0;
  let retries = 0;
  const worker = async () => {
    while (next < openids.length) {
      const touser = openids[next++];
      for (;;) {
        await bucket.take();
        const outcome = await wechat.sendSubscribeMessage({
          touser,
          templateId: 'TPL_BIRTHDAY',
          data: {
            thing1: { value: '生日快乐' },
            date2: { value: '2025-05-20' },
            thing3: { value: '祝您生日快乐' }
          }
        });
        if (outcome.ok) break;
        if (outcome.errcode !== 45011 && outcome.errcode !== 45009)
          throw new Error(`raw send refused: ${outcome.errcode} ${outcome.errmsg}`);
        retries += 1;
        await sleep(50);
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: 32 }, worker));
  return { ms: performance.now() - started, retries };
}
