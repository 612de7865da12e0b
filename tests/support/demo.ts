import { clock } from '../../server/src/lib/clock';
import { seedDemo } from '../../scripts/demo/seed-demo';
import { startTestApp, type TestContext } from './harness';

/**
 * The demo tests' app: a test app with a small demo dealership seeded (12 customers). With
 * `today`, the clock stands at 08:00 of that day (Shanghai) for the whole file, as during
 * `npm start` on that day. Registers its own beforeAll / afterAll; call at the top of a file.
 */
export function seededDemoApp(today?: string): () => TestContext {
  let ctx: TestContext | undefined;
  beforeAll(async () => {
    ctx = await startTestApp();
    if (today) clock.set(() => new Date(`${today}T08:00:00+08:00`));
    await seedDemo({ today: today ?? new Date().toISOString().slice(0, 10), customers: 12 });
  });
  afterAll(async () => {
    clock.set(null);
    await ctx?.close();
  });
  return () => {
    if (!ctx) throw new Error('the demo app starts in beforeAll');
    return ctx;
  };
}
