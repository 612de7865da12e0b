import { clock } from '../../server/src/lib/clock';
import { runJobNow } from '../../server/src/lib/jobs';
import { DEFAULT_RULES } from '../../server/src/modules/care/rules/default-rules';
import { Notice } from '../../server/src/modules/notices/notice.model';
import { makeDealership } from '../support/factories';
import { CARE_SANDBOX_TEMPLATES, makeBoundCustomer, shanghai } from '../support/care-fixtures';
import { asOwner, shown, useE2E } from './session';

/** The care job and the owner's inbox end to end: the job writes the greeting, the H5 inbox shows it. */

// The WeChat sandbox knows the default care templates, so the greeting also goes out as a subscribe message.
const e2e = useE2E({ sandbox: { templates: CARE_SANDBOX_TEMPLATES } });
afterEach(() => clock.set(null));

const BIRTHDAY = DEFAULT_RULES.find((r) => r.seedKey === 'default:birthday')!;

test('after the birthday job for a date runs, the owner sees the greeting in the inbox and reading it marks it read', async () => {
  // A new dealership with its default care rules (the job sets them up), one bound owner born on 20 May.
  const dealership = await makeDealership('生日门店');
  const owner = await makeBoundCustomer(
    e2e.app,
    dealership._id,
    { name: '张三', birthday: { calendar: 'solar', date: '1985-05-20' } },
    { accept: ['TPL_BIRTHDAY'] }
  );
  const date = '2025-05-20';

  // The day's run at 10:00 Shanghai time, inside the default 09:00–21:00 send window.
  clock.set(() => shanghai(date, '10:00'));
  try {
    const run = await runJobNow('care-daily', {
      deps: e2e.app.deps,
      date,
      options: { dealership: String(dealership._id) }
    });
    expect(run.status).toBe('succeeded');
  } finally {
    clock.set(null);
  }
  expect(e2e.app.sandbox.state.messages({ touser: owner.openid }).map((m) => m.template_id)).toEqual([
    'TPL_BIRTHDAY'
  ]);
  const notices = await Notice.find({ ownerId: owner.ownerId }).lean();
  expect(notices.map((n) => [n.title, n.readAt])).toEqual([[BIRTHDAY.message.title, null]]);
  const expectedBody = BIRTHDAY.message.body.replace('{name}', '张三').replace('{dealership}', '生日门店');
  expect(notices[0].body).toBe(expectedBody);

  const page = await e2e.newPage({ viewport: 'phone', as: asOwner(owner.ownerId, owner.auth.Authorization) });
  await page.goto(e2e.url('/#/pages/owner/notices/index'));
  await page.waitForSelector(shown('.e2e-page-owner-notices .e2e-notice-item.notice--unread'), {
    timeout: 60_000
  });
  expect(await page.$$(shown('.e2e-notice-item'))).toHaveLength(1);
  expect((await page.textContent(shown('.e2e-notice-item .e2e-notice-title')))?.trim()).toBe(
    BIRTHDAY.message.title
  );
  expect(await page.textContent(shown('.e2e-notice-item'))).toContain(expectedBody);
  expect((await page.textContent(shown('.e2e-notices-unread')))?.trim()).toBe('1 条未读');

  await page.click(shown('.e2e-notice-item'));
  await page.waitForSelector(shown('.e2e-page-owner-notice .e2e-notice-detail'), { timeout: 60_000 });
  expect((await page.textContent(shown('.e2e-notice-body')))?.trim()).toBe(expectedBody);
  expect(await page.textContent(shown('.e2e-notice-detail'))).toContain(BIRTHDAY.message.title);
  // Opening it marked it read.
  await page.waitForSelector(shown('.e2e-notice-read'), { timeout: 30_000 });
  expect((await Notice.findById(notices[0]._id).lean())?.readAt).toBeInstanceOf(Date);

  // Back on the list the greeting is read and nothing is unread.
  await page.click(shown('.e2e-notice-back'));
  await page.waitForSelector(shown('.e2e-page-owner-notices .e2e-notice-item:not(.notice--unread)'), {
    timeout: 60_000
  });
  expect((await page.textContent(shown('.e2e-notices-unread')))?.trim()).toBe('没有未读消息');
  await page.context().close();
});
