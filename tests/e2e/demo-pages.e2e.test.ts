import type { Page } from 'playwright-core';
import type { IsoDate } from '@dealer/shared/domain';
import { shanghaiDate } from '../../server/src/lib/clock';
import { Customer } from '../../server/src/modules/customers/customer.model';
import { Binding } from '../../server/src/modules/bindings/binding.model';
import { Notice } from '../../server/src/modules/notices/notice.model';
import { Task } from '../../server/src/modules/tasks/task.model';
import { CareDispatch } from '../../server/src/modules/care/care-dispatch.model';
import { SubscriptionGrant } from '../../server/src/modules/subscriptions/subscription.model';
import { VehicleClaim } from '../../server/src/modules/bindings/vehicle-claim.model';
import { Segment } from '../../server/src/modules/segments/segment.model';
import { DueEvent } from '../../server/src/modules/due/due-event.model';
import { ReminderSend } from '../../server/src/modules/reminders/reminder.model';
import { LotteryCampaign } from '../../server/src/modules/lottery/campaign.model';
import { LotteryDraw } from '../../server/src/modules/lottery/draw.model';
import { seedDemo, DEMO_DEALER_CODE, DEMO_OWNER, type DemoLogin } from '../../scripts/demo/seed-demo';
import { bringDemoToLife } from '../../scripts/demo/demo-activity';
import { demoOpenid } from '../../scripts/demo/demo-owners';
import { stockDemoPayItems } from '../../scripts/demo/demo-pay';
import { runDemoLottery } from '../../scripts/demo/demo-lottery';
import { CARE_SANDBOX_TEMPLATES } from '../support/care-fixtures';
import { asOwner, shown, useE2E, waitInPage, type SignIn } from './session';
import { GARBAGE, ownerPages, staffPages, visibleText, type ScanPage } from './page-scan';

/**
 * The demo as a newcomer sees it after the first `npm start`: the real demo seed, brought to
 * life by the real jobs (tiers, bindings, care, due events, reminders), then every staff and
 * owner page opened in the browser. No page may show null / undefined / NaN / Invalid Date, an error state, or
 * (page guard) a console error or CSP violation; the main pages are not empty.
 */

const e2e = useE2E({ sandbox: { templates: CARE_SANDBOX_TEMPLATES } });
let logins: DemoLogin[] = [];
const today = shanghaiDate(new Date()) as IsoDate;

beforeAll(async () => {
  logins = (await seedDemo({ today })) ?? [];
  await bringDemoToLife({ deps: e2e.app.deps, sandbox: e2e.app.sandbox.state, today });
  // As `npm start` does after bringing the demo to life.
  await stockDemoPayItems(DEMO_DEALER_CODE);
  await runDemoLottery(DEMO_DEALER_CODE);
}, 600_000);

async function staffSignIn(username: string): Promise<SignIn> {
  const login = logins.find((l) => l.username === username);
  if (!login) throw new Error(`no demo login ${username}`);
  const res = await e2e.app
    .http()
    .post('/api/auth/staff/login')
    .send({ username, password: login.password })
    .expect(200);
  return { token: res.body.token, session: { kind: 'staff', staff: res.body.staff } };
}

async function scan(as: SignIn, pages: ScanPage[], viewport: 'phone' | 'desktop') {
  const found: string[] = [];
  for (const target of pages) {
    const page: Page = await e2e.newPage({ viewport, as });
    await page.goto(e2e.url(target.path));
    await page.waitForSelector(shown(`.${target.root}`), { timeout: 60_000 });
    await page.waitForLoadState('networkidle');
    await waitInPage(page, `!document.querySelector(${JSON.stringify(shown('.e2e-state-loading'))})`, 60_000);
    const forbidden = shown('.e2e-state-forbidden');
    if (target.ready) await page.waitForSelector(`${shown(target.ready)}, ${forbidden}`, { timeout: 60_000 });
    const text = await visibleText(page);
    const garbage = text.match(GARBAGE);
    if (garbage)
      found.push(
        `${target.path}: "${garbage[0]}" in …${text.slice(Math.max(0, garbage.index! - 60), garbage.index! + 60)}…`
      );
    if (await page.$(shown('.e2e-state-error')))
      found.push(`${target.path}: error state: ${await page.textContent(shown('.e2e-state-error'))}`);
    // The shared empty state, or a page's own (`e2e-tasks-empty` …).
    const empty = shown('[class*="e2e-"][class*="-empty"]');
    if (target.filled && !(await page.$(forbidden)) && (await page.$(empty)))
      found.push(`${target.path}: empty on the demo`);
    await page.context().close();
  }
  return found;
}

test('the jobs brought the demo to life, once', async () => {
  const visitor = await Customer.findOne({ mobile: DEMO_OWNER.mobile }).lean();
  expect(visitor?.ownerId ?? null).toBeNull(); // the visitor's archive stays free to bind
  const untiered = await Customer.countDocuments({ tier: null });
  expect(untiered).toBe(0);
  const counts = async () => ({
    segments: await Segment.countDocuments({}),
    bindings: await Binding.countDocuments({}),
    claims: await VehicleClaim.countDocuments({}),
    grants: await SubscriptionGrant.countDocuments({}),
    dispatches: await CareDispatch.countDocuments({}),
    notices: await Notice.countDocuments({}),
    tasks: await Task.countDocuments({}),
    dueEvents: await DueEvent.countDocuments({ current: true }),
    controlGroup: await DueEvent.countDocuments({ current: true, controlGroup: true }),
    reminders: await ReminderSend.countDocuments({}),
    sent: e2e.app.sandbox.state.messages().length,
    lotteryCampaigns: await LotteryCampaign.countDocuments({ status: 'published' }),
    lotteryDraws: await LotteryDraw.countDocuments({})
  });
  const first = await counts();
  for (const [what, n] of Object.entries(first)) expect([what, n > 0]).toEqual([what, true]);
  // A second start seeds nothing and runs nothing again.
  expect(await seedDemo({ today })).toBeNull();
  expect(await bringDemoToLife({ deps: e2e.app.deps, sandbox: e2e.app.sandbox.state, today })).toBeNull();
  expect(await runDemoLottery(DEMO_DEALER_CODE)).toEqual({ campaigns: 0, draws: 0 });
  expect(await counts()).toEqual(first);
});

test.each(['manager', 'marketing', 'advisor1', 'admin'])(
  'every page %s opens shows real content and no garbage',
  async (username) => {
    const as = await staffSignIn(username);
    const dealershipId = String((await Customer.findOne({}, { dealershipId: 1 }).lean())?.dealershipId);
    const pages = await staffPages(as, dealershipId);
    expect(await scan(as, pages, 'desktop')).toEqual([]);
  },
  300_000
);

test('every owner page a bound demo owner opens shows real content and no garbage', async () => {
  // A bound owner with notices who added their car (one demo owner in five has not: their
  // car list is rightly empty, which the scan would flag).
  const withCar = new Set((await VehicleClaim.find({}, { ownerId: 1 }).lean()).map((c) => String(c.ownerId)));
  const notices = await Notice.find({}, { ownerId: 1 }).sort({ createdAt: -1 }).lean();
  const notice = notices.find((n) => withCar.has(String(n.ownerId)));
  const archive = await Customer.findOne({ ownerId: notice?.ownerId }).lean();
  expect(archive?.mobile).toBeTruthy();
  const { code } = e2e.app.sandbox.state.mintLoginCode({ openid: demoOpenid(archive!.mobile!) });
  const login = await e2e.app.http().post('/api/auth/owner/login').send({ code }).expect(200);
  const as = asOwner(login.body.owner.id, login.body.token);
  const pages = await ownerPages(as);
  expect(await scan(as, pages, 'phone')).toEqual([]);
}, 300_000);
