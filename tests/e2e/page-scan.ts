import type { Page } from 'playwright-core';
import { Types } from 'mongoose';
import { shanghaiDate } from '../../server/src/lib/clock';
import { op } from '../../server/src/lib/query';
import { Customer } from '../../server/src/modules/customers/customer.model';
import { Vehicle } from '../../server/src/modules/vehicles/vehicle.model';
import { CareRule } from '../../server/src/modules/care/care-rule.model';
import { Segment } from '../../server/src/modules/segments/segment.model';
import { Notice } from '../../server/src/modules/notices/notice.model';
import { VehicleClaim } from '../../server/src/modules/bindings/vehicle-claim.model';
import { LotteryCampaign } from '../../server/src/modules/lottery/campaign.model';
import { roleCan } from '@dealer/shared';
import type { SignIn } from './session';

/** What a page may never show: a value that leaked into the text unformatted. */
export const GARBAGE = /\b(?:null|undefined|NaN)\b|Invalid Date/;

export interface ScanPage {
  path: string;
  /** The page's root hook (`e2e-page-…`). */
  root: string;
  /** Shown once the page has drawn everything (charts), unless the role may not see it. */
  ready?: string;
  /** On the demo this page has content for whoever may see it (no empty state). */
  filled?: boolean;
}

/** The text the user sees on the current page, with the values of its fields. */
export async function visibleText(page: Page): Promise<string> {
  const root = '.taro_page:not(.taro_page_shade)';
  const fields = await page.locator(`${root} input, ${root} textarea`).all();
  const values = await Promise.all(fields.map((f) => f.inputValue()));
  return [await page.locator(root).innerText(), ...values].join('\n');
}

export async function staffPages(as: SignIn, dealershipId: string): Promise<ScanPage[]> {
  if (as.session.kind !== 'staff') throw new Error('a staff sign-in is needed');
  const staff = as.session.staff;
  const dealer = new Types.ObjectId(dealershipId);
  const customer = await Customer.findOne(
    staff.role === 'advisor'
      ? { advisorId: new Types.ObjectId(staff.id) }
      : { dealershipId: dealer, ownerId: op.ne(null) }
  ).lean();
  const vehicle = await Vehicle.findOne({ customerId: customer?._id }, { _id: 1 }).lean();
  const rule = await CareRule.findOne({ dealershipId: dealer, deleted: false }).lean();
  const segment = await Segment.findOne({ dealershipId: dealer }).lean();
  const campaign = await LotteryCampaign.findOne(
    { dealershipId: dealer, status: 'published' },
    { _id: 1 }
  ).lean();
  const d = `dealershipId=${dealershipId}`;
  const today = shanghaiDate(new Date());
  // The demo campaign and its draws, for whoever runs the store's campaigns (a group admin picks a store first).
  const runsCampaigns = roleCan(staff.role, 'lottery.campaigns') && staff.role !== 'group_admin';
  const pages: ScanPage[] = [
    { path: '/#/pages/staff/customers/index', root: 'e2e-page-staff-customers', filled: true },
    { path: `/#/pages/staff/customer/index?id=${String(customer?._id)}`, root: 'e2e-page-staff-customer' },
    { path: '/#/pages/staff/tasks/index', root: 'e2e-page-staff-tasks', filled: staff.role === 'advisor' },
    { path: '/#/pages/staff/segments/index', root: 'e2e-page-staff-segments', filled: true },
    {
      path: '/#/pages/insight/kpis/index',
      root: 'e2e-page-kpis',
      ready: '.e2e-kpi-chart-movement.e2e-chart-ready'
    },
    { path: `/#/pages/care/rules/index?${d}`, root: 'e2e-page-care-rules', filled: true },
    { path: `/#/pages/care/rule/index?id=${String(rule?._id)}&${d}`, root: 'e2e-page-care-rule' },
    { path: `/#/pages/care/preview/index?${d}&date=${today}`, root: 'e2e-page-care-preview' },
    { path: `/#/pages/care/dispatches/index?${d}&date=${today}`, root: 'e2e-page-care-dispatches' },
    { path: '/#/pages/manager/index/index', root: 'e2e-page-manager-home' },
    { path: '/#/pages/manager/imports/index', root: 'e2e-page-manager-imports' },
    { path: '/#/pages/manager/accounts/index', root: 'e2e-page-manager-accounts', filled: true },
    { path: '/#/pages/manager/qrcodes/index', root: 'e2e-page-manager-qrcodes' },
    { path: '/#/pages/manager/access-log/index', root: 'e2e-page-manager-access-log' },
    { path: '/#/pages/manager/reassign/index', root: 'e2e-page-manager-reassign' },
    { path: '/#/pages/manager/tiers/index', root: 'e2e-page-manager-tiers' },
    { path: '/#/pages/staff/callbacks/index', root: 'e2e-page-staff-callbacks' },
    { path: '/#/pages/manager/complaints/index', root: 'e2e-page-manager-complaints' },
    // Service reminders and bookings: the demo refreshes due events and runs the day's reminders.
    { path: '/#/pages/staff/reminders/index', root: 'e2e-page-staff-reminders', filled: true },
    { path: '/#/pages/staff/bookings/index', root: 'e2e-page-staff-bookings' },
    {
      path: `/#/pages/staff/booking-new/index?vehicleId=${String(vehicle?._id)}&serviceType=regular_maintenance`,
      root: 'e2e-page-staff-booking-new'
    },
    { path: '/#/pages/manager/booking-settings/index', root: 'e2e-page-manager-booking-settings' },
    { path: '/#/pages/manager/due-settings/index', root: 'e2e-page-manager-due-settings' },
    {
      path: '/#/pages/insight/reminders/index',
      root: 'e2e-page-reminder-results',
      ready: '.e2e-reminder-chart-funnel.e2e-chart-ready',
      filled: true
    },
    // Points, WeChat Pay and lottery: a role without the capability sees the forbidden state.
    { path: '/#/pages/manager/points/index', root: 'e2e-page-manager-points' },
    { path: '/#/pages/manager/points-adjust/index', root: 'e2e-page-manager-points-adjust' },
    { path: '/#/pages/staff/voucher-verify/index', root: 'e2e-page-staff-voucher-verify' },
    { path: '/#/pages/manager/pay-orders/index', root: 'e2e-page-manager-pay-orders' },
    { path: '/#/pages/manager/pay-reconciliation/index', root: 'e2e-page-manager-pay-reconciliation' },
    { path: '/#/pages/manager/pay-settings/index', root: 'e2e-page-manager-pay-settings' },
    { path: '/#/pages/lottery/campaigns/index', root: 'e2e-page-lottery-campaigns', filled: runsCampaigns },
    {
      path: `/#/pages/lottery/campaign/index?id=${String(campaign?._id)}`,
      root: 'e2e-page-lottery-campaign'
    },
    {
      path: `/#/pages/lottery/results/index?id=${String(campaign?._id)}`,
      root: 'e2e-page-lottery-results',
      ...(runsCampaigns ? { ready: '.e2e-lottery-prize-result' } : {})
    },
    { path: '/#/pages/lottery/pickup/index', root: 'e2e-page-lottery-pickup' }
  ];
  // As the segments list links it: a group admin's link names the store.
  const segmentStore = staff.role === 'group_admin' ? `&${d}` : '';
  if (segment)
    pages.push({
      path: `/#/pages/staff/segment/index?id=${String(segment._id)}${segmentStore}`,
      root: 'e2e-page-staff-segment'
    });
  return pages;
}

export async function ownerPages(as: SignIn): Promise<ScanPage[]> {
  if (as.session.kind !== 'owner') throw new Error('an owner sign-in is needed');
  const ownerId = new Types.ObjectId(as.session.ownerId);
  const notice = await Notice.findOne({ ownerId }).lean();
  const claim = await VehicleClaim.findOne({ ownerId }).lean();
  const campaign = await LotteryCampaign.findOne({ status: 'published' }, { _id: 1 }).lean();
  const pages: ScanPage[] = [
    // With a claimed car the home page shows its next due events (下次到期), from the due engine.
    {
      path: '/#/pages/home/index',
      root: 'e2e-page-owner-home',
      ...(claim ? { ready: '.e2e-due-event' } : {})
    },
    { path: '/#/pages/owner/dealerships/index', root: 'e2e-page-owner-dealerships', filled: true },
    { path: '/#/pages/owner/vehicles/index', root: 'e2e-page-owner-vehicles', filled: true },
    { path: '/#/pages/owner/profile/index', root: 'e2e-page-owner-profile' },
    { path: '/#/pages/owner/notices/index', root: 'e2e-page-owner-notices', filled: true },
    { path: `/#/pages/owner/notice/index?id=${String(notice?._id)}`, root: 'e2e-page-owner-notice' },
    { path: '/#/pages/owner/bookings/index', root: 'e2e-page-owner-bookings' },
    { path: '/#/pages/owner/complaints/index', root: 'e2e-page-owner-complaints' },
    { path: '/#/pages/owner/complaint-new/index', root: 'e2e-page-owner-complaint-new' },
    // Points, the rewards shop, WeChat Pay orders and the demo lottery (every bound demo owner drew).
    { path: '/#/pages/owner/points/index', root: 'e2e-page-owner-points' },
    { path: '/#/pages/owner/rewards/index', root: 'e2e-page-owner-rewards', filled: true },
    { path: '/#/pages/owner/vouchers/index', root: 'e2e-page-owner-vouchers' },
    { path: '/#/pages/owner/pay-orders/index', root: 'e2e-page-owner-pay-orders' },
    {
      path: `/#/pages/lottery/draw/index?id=${String(campaign?._id)}`,
      root: 'e2e-page-lottery-draw',
      ready: '.e2e-lottery-draw'
    },
    {
      path: '/#/pages/lottery/my-draws/index',
      root: 'e2e-page-lottery-mine',
      ready: '.e2e-lottery-my-draw',
      filled: true
    },
    { path: `/#/pages/lottery/rules/index?id=${String(campaign?._id)}`, root: 'e2e-page-lottery-rules' }
  ];
  if (claim)
    pages.push(
      {
        path: `/#/pages/owner/vehicle/index?id=${String(claim.vehicleId)}`,
        root: 'e2e-page-owner-vehicle'
      },
      {
        path: `/#/pages/owner/booking/index?vehicleId=${String(claim.vehicleId)}&serviceType=regular_maintenance`,
        root: 'e2e-page-owner-booking',
        ready: '.e2e-booking-slot'
      }
    );
  return pages;
}
