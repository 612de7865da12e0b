import { clock } from '../../server/src/lib/clock';
import {
  fireKeyOf,
  fireScheduled,
  HEARTBEAT_MS,
  instanceId,
  instanceLeaseMs,
  JobCatalog,
  JobInstance,
  JobRun,
  recoverStaleRuns,
  runJobNow,
  startScheduler,
  TokenBucket,
  type JobContext,
  type JobDefinition
} from '../../server/src/lib/jobs';
import { startTestApp, type TestContext } from '../support/harness';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx.close());
afterEach(() => clock.set(null));

const seen: Array<{ job: string; date: string; options: Record<string, string>; trigger: string }> = [];
const record = (name: string) => async (c: JobContext) => {
  seen.push({ job: name, date: c.date, options: { ...c.options }, trigger: c.trigger });
  c.progress({ phase: 'work', total: 3 });
  for (let i = 1; i <= 3; i++) {
    c.count('items');
    c.progress({ done: i });
  }
  await new Promise((r) => setTimeout(r, 50));
};
const slot = (name: string): JobDefinition => ({
  name,
  cron: '0 3 * * *',
  timezone: 'Asia/Shanghai',
  description: 'test',
  run: record(name)
});
/** The test's own jobs, in a catalog as compose() builds one from the modules' jobs. */
const testJobs = new JobCatalog([
  slot('test-slot'),
  { ...slot('test-every-second'), cron: '* * * * * *' },
  {
    ...slot('test-broken'),
    run: async (c) => {
      c.itemFailed('customer 42', new Error('bad birthday'));
      throw new Error('database went away');
    }
  }
]);
const testDeps = () => ({ ...ctx.deps, jobs: testJobs });

describe('job slots', () => {
  test('two instances firing the same trigger: one claims the slot and runs, the other skips', async () => {
    const firedAt = new Date('2025-05-01T19:00:00.120Z'); // 03:00 in Shanghai on 2 May
    const other = new Date('2025-05-01T19:00:02.900Z'); // the second instance, a little late
    const before = seen.filter((s) => s.job === 'test-slot').length;
    const [a, b] = await Promise.all([
      fireScheduled('test-slot', firedAt, { deps: testDeps() }),
      fireScheduled('test-slot', other, { deps: testDeps() })
    ]);
    expect([a, b].filter((r) => r === null)).toHaveLength(1);
    const ran = (a ?? b)!;
    expect(ran).toMatchObject({
      runId: 'test-slot:2025-05-01T19:00Z',
      status: 'succeeded',
      counts: { items: 3 }
    });
    expect(seen.filter((s) => s.job === 'test-slot').length - before).toBe(1);
    expect(seen.at(-1)).toMatchObject({ date: '2025-05-02', trigger: 'cron' });
    const run = await JobRun.findById(ran.runId).lean();
    expect(run).toMatchObject({
      status: 'succeeded',
      date: '2025-05-02',
      progress: { phase: 'work', done: 3, total: 3 },
      counts: { items: 3 }
    });
    expect(run!.finishedAt).toBeInstanceOf(Date);
  });

  test('a failing run is recorded with its error and item failures', async () => {
    const res = await runJobNow('test-broken', { deps: testDeps(), date: '2025-06-01' });
    expect(res.status).toBe('failed');
    expect(res.error).toBe('database went away');
    const run = await JobRun.findById(res.runId).lean();
    expect(run!.status).toBe('failed');
    expect(run!.failures.map((f) => [f.item, f.message])).toEqual([
      ['(run)', 'database went away'],
      ['customer 42', 'bad birthday']
    ]);
  });

  test('runJobNow runs for the given day every time (reruns continue, they are not refused)', async () => {
    clock.set(() => new Date('2025-01-01T02:00:00Z'));
    const a = await runJobNow('test-slot', {
      deps: testDeps(),
      date: '2025-03-03',
      options: { dealership: 'D1' }
    });
    const b = await runJobNow('test-slot', { deps: testDeps() });
    expect(a.runId).not.toBe(b.runId);
    expect(seen.slice(-2).map((s) => [s.date, s.options.dealership ?? null, s.trigger])).toEqual([
      ['2025-03-03', 'D1', 'manual'],
      ['2025-01-01', null, 'manual']
    ]);
  });

  test('fire keys: minutes for minute crons, seconds for second crons', () => {
    expect(fireKeyOf(new Date('2025-05-01T19:00:59.999Z'))).toBe('2025-05-01T19:00Z');
    expect(fireKeyOf(new Date('2025-05-01T19:00:59.999Z'), '* * * * * *')).toBe('2025-05-01T19:00:59Z');
  });
});

describe('recovery', () => {
  test('a run left running by a stopped instance is resumed once, for the same day and scope', async () => {
    const dead = 'dead-host:1:abc';
    const long = new Date(Date.now() - 60_000);
    await JobInstance.create({ _id: dead, host: 'dead-host', pid: 1, startedAt: long, heartbeatAt: long });
    await JobRun.create({
      _id: 'test-slot:2025-02-02T19:00Z',
      name: 'test-slot',
      fireKey: '2025-02-02T19:00Z',
      trigger: 'cron',
      date: '2025-02-03',
      instanceId: dead,
      status: 'running',
      startedAt: long,
      heartbeatAt: long,
      options: { dealership: 'D9' }
    });
    const before = seen.length;
    const [a, b] = await Promise.all([recoverStaleRuns(testDeps()), recoverStaleRuns(testDeps())]);
    const resumed = [...a, ...b];
    expect(resumed.map((r) => r.runId)).toEqual(['test-slot:2025-02-02T19:00Z>resume']);
    expect(seen.slice(before)).toEqual([
      { job: 'test-slot', date: '2025-02-03', options: { dealership: 'D9' }, trigger: 'recovery' }
    ]);
    expect((await JobRun.findById('test-slot:2025-02-02T19:00Z').lean())!.status).toBe('abandoned');
    expect(await recoverStaleRuns(testDeps())).toEqual([]);
  });

  test('a run whose instance still beats is left alone', async () => {
    const long = new Date(Date.now() - 60_000);
    await JobInstance.create({
      _id: 'alive:2:def',
      host: 'alive',
      pid: 2,
      startedAt: long,
      heartbeatAt: new Date()
    });
    await JobRun.create({
      _id: 'test-slot:2025-02-04T19:00Z',
      name: 'test-slot',
      fireKey: '2025-02-04T19:00Z',
      trigger: 'cron',
      date: '2025-02-05',
      instanceId: 'alive:2:def',
      status: 'running',
      startedAt: long,
      heartbeatAt: long
    });
    expect(await recoverStaleRuns(testDeps())).toEqual([]);
    expect((await JobRun.findById('test-slot:2025-02-04T19:00Z').lean())!.status).toBe('running');
  });
});

describe('heartbeats', () => {
  /** A run of ~1.5 s reporting progress every few milliseconds, noting both heartbeats as it goes. */
  const busyRun = (seenBeats: Array<{ instance: number; run: number }>): JobDefinition => ({
    ...slot('test-busy'),
    run: async (c) => {
      c.progress({ phase: 'work', total: 300 });
      for (let i = 1; i <= 300; i++) {
        c.progress({ done: i });
        c.count('items');
        await new Promise((r) => setTimeout(r, 5));
        if (i % 60 === 0) {
          const [instance, run] = await Promise.all([
            JobInstance.findById(instanceId).lean(),
            JobRun.findById(c.runId).lean()
          ]);
          seenBeats.push({ instance: instance!.heartbeatAt.getTime(), run: run!.heartbeatAt.getTime() });
        }
      }
    }
  });

  test('a busy run writes its heartbeats at most every few seconds, not per progress change', async () => {
    const seenBeats: Array<{ instance: number; run: number }> = [];
    const started = Date.now();
    const res = await runJobNow('test-busy', {
      deps: { ...ctx.deps, jobs: new JobCatalog([busyRun(seenBeats)]) }
    });
    const elapsed = Date.now() - started;
    expect(res).toMatchObject({ status: 'succeeded', counts: { items: 300 } });
    expect(seenBeats).toHaveLength(5);
    // One beat at the start, then one per full interval (the run took ~1.5 s: one of each).
    const allowed = 1 + Math.floor(elapsed / HEARTBEAT_MS);
    expect(new Set(seenBeats.map((b) => b.instance)).size).toBeLessThanOrEqual(allowed);
    expect(new Set(seenBeats.map((b) => b.run)).size).toBeLessThanOrEqual(allowed);
    // The final save still records the whole progress.
    const run = await JobRun.findById(res.runId).lean();
    expect(run).toMatchObject({ progress: { phase: 'work', done: 300, total: 300 }, counts: { items: 300 } });
  });

  test('the lease spans several heartbeats: a holder between beats is alive, a silent one is not', async () => {
    expect(instanceLeaseMs()).toBeGreaterThanOrEqual(3 * HEARTBEAT_MS);
    const long = new Date(Date.now() - 600_000);
    const holder = async (id: string, lastBeat: Date, runId: string) => {
      await JobInstance.create({ _id: id, host: id, pid: 3, startedAt: long, heartbeatAt: lastBeat });
      await JobRun.create({
        _id: runId,
        name: 'test-slot',
        fireKey: runId.split(':').slice(1).join(':'),
        trigger: 'cron',
        date: '2025-02-08',
        instanceId: id,
        status: 'running',
        startedAt: long,
        heartbeatAt: long
      });
    };
    // Beat two intervals ago (one beat late on a loaded database): still working.
    await holder('slow:3:aaa', new Date(Date.now() - 2 * HEARTBEAT_MS), 'test-slot:2025-02-07T19:00Z');
    // Silent for longer than the lease: crashed.
    await holder(
      'gone:3:bbb',
      new Date(Date.now() - instanceLeaseMs() - 1_000),
      'test-slot:2025-02-07T19:01Z'
    );
    const resumed = await recoverStaleRuns(testDeps());
    expect(resumed.map((r) => r.runId)).toEqual(['test-slot:2025-02-07T19:01Z>resume']);
    expect((await JobRun.findById('test-slot:2025-02-07T19:00Z').lean())!.status).toBe('running');
    await JobRun.updateOne({ _id: 'test-slot:2025-02-07T19:00Z' }, { $set: { status: 'succeeded' } });
  });
});

describe('scheduler', () => {
  test('node-cron triggers on two schedulers run each slot once', async () => {
    const job = [
      {
        name: 'test-every-second',
        cron: '* * * * * *',
        timezone: 'Asia/Shanghai' as const,
        description: 'test',
        run: record('test-every-second')
      }
    ];
    const a = startScheduler(testDeps(), job);
    const b = startScheduler(testDeps(), job);
    await new Promise((r) => setTimeout(r, 3_200));
    await Promise.all([a.stop(), b.stop()]);
    const runs = await JobRun.find({ name: 'test-every-second' }).lean();
    expect(runs.length).toBeGreaterThanOrEqual(2);
    expect(new Set(runs.map((r) => r.fireKey)).size).toBe(runs.length);
    expect(runs.every((r) => r.status === 'succeeded')).toBe(true);
  });
});

describe('token bucket', () => {
  test('paces takes at the rate, with a small burst', async () => {
    const bucket = new TokenBucket(100);
    const start = performance.now();
    await Promise.all(Array.from({ length: 52 }, () => bucket.take()));
    const elapsed = performance.now() - start;
    // 1 token of burst, then 51 at 100/s: about 510 ms.
    expect(elapsed).toBeGreaterThan(420);
    expect(elapsed).toBeLessThan(900);
  });
});
