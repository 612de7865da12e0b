/**
 * The composition root knows every module: each folder of server/src/modules is listed once,
 * and the jobs the server schedules are the jobs a script can run.
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig } from '../../server/src/config';
import { compose, infrastructureFrom } from '../../server/src/composition';
import { createLogger } from '../../server/src/lib/logger';

const MODULES_DIR = resolve(__dirname, '../../server/src/modules');
const composition = compose(
  infrastructureFrom(
    loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', MONGODB_URI: 'mongodb://127.0.0.1:9/unused' }),
    createLogger('silent')
  )
);

test('every module folder is listed in the composition root, once', () => {
  const folders = readdirSync(MODULES_DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const listed = composition.modules.map((m) => m.name);
  expect([...listed].sort()).toEqual(folders);
  expect(new Set(listed).size).toBe(listed.length);
  for (const name of listed) expect(readdirSync(join(MODULES_DIR, name)).length).toBeGreaterThan(0);
});

test('the job catalog holds every module job, and nothing else', () => {
  expect(
    composition.deps.jobs
      .all()
      .map((j) => j.name)
      .sort()
  ).toEqual([
    'aftercare-daily',
    'aftercare-escalation',
    'booking-reminders',
    'care-daily',
    'care-sender',
    'due-nightly',
    'lottery-sweep',
    'pay-close',
    'pay-receipts',
    'pay-reconcile',
    'points-daily',
    'points-earning',
    'reminders-daily',
    'tiers-nightly'
  ]);
  expect(composition.deps.jobs.find('care-daily')?.cron).toBe('30 0 * * *');
  expect(composition.deps.jobs.find('no-such-job')).toBeUndefined();
});
