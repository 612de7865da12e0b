import { Types } from 'mongoose';
import type { Page } from 'playwright-core';
import { addDays } from '@dealer/shared/domain/dates';
import { clock, shanghaiDate } from '../../server/src/lib/clock';
import { Callback } from '../../server/src/modules/aftercare/callback.model';
import { Complaint, ComplaintPhoto } from '../../server/src/modules/aftercare/complaint.model';
import { Survey, SurveyAnswer } from '../../server/src/modules/aftercare/survey.model';
import { CARE_SANDBOX_TEMPLATES } from '../support/care-fixtures';
import {
  ownerWithVisit,
  runAftercareDay,
  setNow,
  setupAftercare,
  shanghai
} from '../server/aftercare-support';
import { asOwner, asStaff, shown, useE2E, waitInPage } from './session';

/**
 * Issue 9 in the browser: an owner answers a survey and files a complaint with a photo; the
 * advisor logs a 3DC call that opens a complaint; the manager resolves it and the owner confirms.
 */
const e2e = useE2E({ sandbox: { templates: CARE_SANDBOX_TEMPLATES } });
afterEach(() => clock.set(null));

// Placed before today (the browser and the server run on real time), so the KPI dashboard's
// current months hold the answer and the complaints, and the 3DC callback is overdue.
const TODAY = shanghaiDate(new Date());
const VISIT_DAY = addDays(TODAY, -6);
const SURVEY_DAY = addDays(VISIT_DAY, 1); // surveys go out the day after the visit
const CALLBACK_DAY = addDays(VISIT_DAY, 3); // 3DC: three days after
// A 1×1 PNG.
const PHOTO = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64'
);
const TIMEOUT = { timeout: 60_000 };

async function runDay(date: string, dealershipId: Types.ObjectId) {
  setNow(shanghai(date, '10:00'));
  try {
    await runAftercareDay(e2e.app, date, dealershipId);
  } finally {
    clock.set(null);
  }
}

/** The photo thumbnails under `scope` drawn from the bytes the server served (blob URLs, loaded). */
async function expectThumbnails(page: Page, scope: string, count: number) {
  const images = JSON.stringify(`${scope} .e2e-photo-thumb img`);
  await waitInPage(
    page,
    `(() => { const images = [...document.querySelectorAll(${images})]; return images.length === ${count} && images.every((img) => img.src.startsWith('blob:') && img.complete && img.naturalWidth > 0); })()`,
    TIMEOUT.timeout
  );
}

async function expectChartDrawn(page: Page, hook: string) {
  await page.waitForSelector(
    shown(`.${hook}.e2e-chart-ready canvas:not([width="0"]):not([height="0"])`),
    TIMEOUT
  );
}

const fill = (page: Page, hook: string, value: string) => page.fill(shown(`${hook} textarea`), value);
const textOf = async (page: Page, hook: string) => ((await page.textContent(shown(hook))) ?? '').trim();

test('survey, complaint with a photo, a 3DC call that opens a complaint, resolved by the manager and confirmed by the owner', async () => {
  const s = await setupAftercare('售后体验店');
  const visit = await ownerWithVisit(e2e.app, s.dealership._id, VISIT_DAY, {
    name: '陈车主',
    tier: 'A',
    mobile: '13800001234',
    advisorId: new Types.ObjectId(s.advisor.id)
  });
  await runDay(SURVEY_DAY, s.dealership._id);
  await runDay(CALLBACK_DAY, s.dealership._id);
  const survey = await Survey.findOne({ visitKey: `ro:${String(visit.ro._id)}` }).lean();
  expect(survey).not.toBeNull();
  const callbackId = `3dc:ro:${String(visit.ro._id)}`;
  expect(await Callback.countDocuments({ _id: callbackId })).toBe(1);

  // 1. The owner answers the survey the invitation links to.
  const ownerSignIn = asOwner(visit.owner.ownerId, visit.owner.auth.Authorization);
  const owner = await e2e.newPage({ viewport: 'phone', as: ownerSignIn });
  await owner.goto(e2e.url(`/#/pages/owner/survey/index?id=${String(survey?._id)}`));
  await owner.waitForSelector(shown('.e2e-survey-submit'), TIMEOUT);
  await owner.click(shown('.e2e-survey-submit'));
  expect(await textOf(owner, '.e2e-survey-error')).toContain('请为');
  for (const [key, score] of [
    ['reception', 5],
    ['quality', 4],
    ['timeliness', 5],
    ['price', 4]
  ] as const)
    await owner.click(shown(`.e2e-survey-${key}-${score}`));
  await fill(owner, '.e2e-survey-comment', '接待很热情');
  await owner.click(shown('.e2e-survey-submit'));
  await owner.waitForSelector(shown('.e2e-survey-answered'), TIMEOUT);
  expect(await textOf(owner, '.e2e-survey-answered')).toContain('接待服务：5分');
  const answers = await SurveyAnswer.find({ surveyId: survey?._id }).lean();
  expect(answers.map((a) => [a.reception, a.quality, a.timeliness, a.price, a.comment])).toEqual([
    [5, 4, 5, 4, '接待很热情']
  ]);

  // 2. From the home page: a complaint with a photo.
  await owner.goto(e2e.url('/#/pages/home/index'));
  await owner.click(shown('.e2e-home-complaints'));
  await owner.waitForSelector(shown('.e2e-page-owner-complaints .e2e-my-complaints-new'), TIMEOUT);
  await owner.click(shown('.e2e-my-complaints-new'));
  await owner.waitForSelector(shown('.e2e-page-owner-complaint-new .e2e-complaint-submit'), TIMEOUT);
  await owner.click(shown('.e2e-complaint-category-waiting_time'));
  await fill(owner, '.e2e-complaint-text', '保养等了三个小时');
  await owner.setInputFiles(shown('input.e2e-complaint-photo-input'), {
    name: 'wait.png',
    mimeType: 'image/png',
    buffer: PHOTO
  });
  await owner.waitForSelector(shown('.e2e-complaint-photo'), TIMEOUT);
  await owner.click(shown('.e2e-complaint-submit'));
  await owner.waitForSelector(shown('.e2e-page-owner-complaint .e2e-complaint-photos'), TIMEOUT);
  expect(await textOf(owner, '.e2e-complaint-status')).toBe('待受理');
  // The photo itself, fetched with the owner's session (an <img src> could not send it).
  await expectThumbnails(owner, '.e2e-page-owner-complaint', 1);
  const filed = await Complaint.findOne({ customerId: visit.owner.customerId, source: 'owner' }).lean();
  expect(filed).toMatchObject({ category: 'waiting_time', text: '保养等了三个小时', status: 'new' });
  expect(await ComplaintPhoto.countDocuments({ complaintId: filed?._id })).toBe(1);

  // 3. The advisor's desk: the overdue 3DC callback, a call with a problem that opens a complaint.
  const advisor = await e2e.newPage({ viewport: 'phone', as: asStaff(s.advisor) });
  await advisor.goto(e2e.url('/#/pages/staff/callbacks/index'));
  await advisor.waitForSelector(shown('.e2e-callback-item.e2e-callback-overdue'), TIMEOUT);
  const row = await textOf(advisor, '.e2e-callback-item');
  expect(row).toContain('陈车主');
  expect(row).toContain('13800001234');
  expect(row).toContain('已绑定');
  await advisor.click(shown('.e2e-callback-log'));
  await advisor.click(shown('.e2e-callback-outcome-issue'));
  await fill(advisor, '.e2e-callback-note', '客户说异响没修好');
  await advisor.click(shown('.e2e-callback-open-complaint'));
  await advisor.click(shown('.e2e-callback-complaint-category-repair_quality'));
  await fill(advisor, '.e2e-callback-complaint-text', '保养后底盘仍有异响');
  await advisor.click(shown('.e2e-callback-save'));
  await advisor.waitForSelector(shown('.e2e-callback-saved'), TIMEOUT);
  expect(await textOf(advisor, '.e2e-callback-saved')).toContain('已登记投诉');
  const fromCall = await Complaint.findOne({ customerId: visit.owner.customerId, source: 'callback' }).lean();
  expect(fromCall).toMatchObject({ category: 'repair_quality', status: 'new' });
  expect((await Callback.findById(callbackId).lean())?.complaintId).toEqual(fromCall?._id);

  // 4. The manager acknowledges, starts and resolves it with a reply to the owner.
  const manager = await e2e.newPage({ viewport: 'phone', as: asStaff(s.manager) });
  await manager.goto(e2e.url('/#/pages/manager/complaints/index'));
  await manager.waitForSelector(shown('.e2e-complaint-row'), TIMEOUT);
  expect(await manager.$$(shown('.e2e-complaint-row'))).toHaveLength(2);
  // The owner's photo, fetched with the manager's session.
  await manager.click(shown('.e2e-complaint-row:has-text("等了三个小时")'));
  await manager.waitForSelector(shown('.e2e-page-manager-complaint .e2e-complaint-photos'), TIMEOUT);
  await expectThumbnails(manager, '.e2e-page-manager-complaint', 1);
  await manager.goto(e2e.url('/#/pages/manager/complaints/index'));
  await manager.waitForSelector(shown('.e2e-complaint-row'), TIMEOUT);
  await manager.click(shown('.e2e-complaint-row:has-text("底盘仍有异响")'));
  await manager.waitForSelector(shown('.e2e-page-manager-complaint .e2e-complaint-acknowledge'), TIMEOUT);
  await manager.click(shown('.e2e-complaint-acknowledge'));
  await manager.waitForSelector(shown('.e2e-complaint-start'), TIMEOUT);
  await manager.click(shown('.e2e-complaint-start'));
  await manager.waitForSelector(shown('.e2e-complaint-resolve'), TIMEOUT);
  await fill(manager, '.e2e-complaint-reply-input', '已重新紧固底盘螺栓，异响消除');
  await manager.click(shown('.e2e-complaint-resolve'));
  await manager.waitForSelector(shown('.e2e-complaint-status:text-is("已解决")'), TIMEOUT);
  expect((await Complaint.findById(fromCall?._id).lean())?.status).toBe('resolved');

  // 5. The owner sees the reply and confirms.
  await owner.goto(e2e.url('/#/pages/owner/complaints/index'));
  await owner.waitForSelector(shown('.e2e-my-complaint-resolved'), TIMEOUT);
  await owner.click(shown('.e2e-my-complaint-resolved'));
  await owner.waitForSelector(shown('.e2e-page-owner-complaint .e2e-complaint-confirm'), TIMEOUT);
  expect(await textOf(owner, '.e2e-complaint-reply')).toBe('已重新紧固底盘螺栓，异响消除');
  await owner.click(shown('.e2e-complaint-confirm'));
  await owner.waitForSelector(shown('.e2e-complaint-status:text-is("已关闭")'), TIMEOUT);
  expect((await Complaint.findById(fromCall?._id).lean())?.status).toBe('closed');

  // 6. The customer page shows the archive's survey answer and both complaints.
  await manager.goto(e2e.url(`/#/pages/staff/customer/index?id=${String(visit.owner.customerId)}`));
  await manager.waitForSelector(shown('.e2e-customer-survey'), TIMEOUT);
  expect(await textOf(manager, '.e2e-customer-survey')).toContain('接待服务 5分');
  await manager.waitForSelector(shown('.e2e-customer-complaint:has-text("已关闭")'), TIMEOUT);
  expect(await manager.$$(shown('.e2e-customer-complaint'))).toHaveLength(2);

  // 7. The KPI dashboard: the answer and the complaints in charts, and their CSV.
  await manager.goto(e2e.url('/#/pages/insight/kpis/index'));
  await manager.waitForSelector(shown('.e2e-kpi-aftercare-summary'), TIMEOUT);
  expect(await textOf(manager, '.e2e-kpi-aftercare-summary')).toContain('平均满意度 4.50 分 · 1 份答卷');
  expect(await textOf(manager, '.e2e-kpi-aftercare-summary')).toContain('新增投诉 2 件');
  for (const hook of [
    'e2e-kpi-chart-satisfaction',
    'e2e-kpi-chart-advisors',
    'e2e-kpi-chart-service-types',
    'e2e-kpi-chart-complaints'
  ])
    await expectChartDrawn(manager, hook);
  const download = manager.waitForEvent('download', TIMEOUT);
  await manager.click(shown('.e2e-kpi-aftercare-export'));
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^满意度与投诉-.*\.csv$/);
  await manager.waitForSelector(shown('.e2e-kpi-aftercare-export-message:text-is("已下载 CSV")'), TIMEOUT);
  for (const page of [owner, advisor, manager]) await page.context().close();
});
