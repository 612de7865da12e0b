import { maskMobile } from '@dealer/shared/domain';
import { shanghaiDate } from '../../lib/clock';
import { op } from '../../lib/query';
import { Customer } from '../customers/customer.model';
import { csvCell } from '../customers/customer-export';
import { csvDocument } from '../kpis/kpi-csv';
import { ServiceRecord } from '../vehicles/service-record.model';
import { Vehicle } from '../vehicles/vehicle.model';
import type { CampaignRecord } from './campaign.scope';
import { LotteryEntrant } from './draw.model';

/**
 * Conversion after a campaign: of the prospects it brought (new archives from its event QR
 * code), who later bound WeChat to the dealership, visited (a repair order on or after the day
 * they joined, from the DMS imports) or bought (a vehicle delivered on or after that day).
 */

export async function campaignConversion(c: CampaignRecord) {
  const entrants = await LotteryEntrant.find({ campaignId: c._id, newProspect: true })
    .sort({ joinedAt: 1 })
    .lean();
  const ids = entrants.map((e) => e.customerId);
  const [customers, records, vehicles] = await Promise.all([
    Customer.find({ _id: op.in(ids) }, { name: 1, mobile: 1, boundAt: 1 }).lean(),
    ServiceRecord.find({ customerId: op.in(ids) }, { customerId: 1, serviceDate: 1 }).lean(),
    Vehicle.find({ customerId: op.in(ids) }, { customerId: 1, deliveryDate: 1 }).lean()
  ]);
  const byId = new Map(customers.map((x) => [String(x._id), x]));
  const firstOnOrAfter = (dates: Array<string | null | undefined>, day: string) =>
    dates.filter((d): d is string => Boolean(d) && (d as string) >= day).sort()[0] ?? null;
  const rows = entrants.map((e) => {
    const id = String(e.customerId);
    const customer = byId.get(id);
    const joinedDay = shanghaiDate(e.joinedAt);
    const boundAt =
      customer?.boundAt && customer.boundAt >= e.joinedAt ? customer.boundAt.toISOString() : null;
    return {
      customerId: id,
      name: customer?.name ?? '',
      mobileTail: customer?.mobile ? maskMobile(customer.mobile) : '',
      joinedAt: e.joinedAt.toISOString(),
      boundAt,
      firstVisit: firstOnOrAfter(
        records.filter((r) => String(r.customerId) === id).map((r) => r.serviceDate),
        joinedDay
      ),
      boughtOn: firstOnOrAfter(
        vehicles.filter((v) => String(v.customerId) === id).map((v) => v.deliveryDate),
        joinedDay
      )
    };
  });
  return {
    campaignId: String(c._id),
    prospects: rows.length,
    bound: rows.filter((r) => r.boundAt).length,
    visited: rows.filter((r) => r.firstVisit).length,
    bought: rows.filter((r) => r.boughtOn).length,
    rows
  };
}

const CSV_HEADER = ['客户', '手机号', '参与时间', '绑定时间', '首次到店', '购车日期'];

/** The conversion as CSV for Excel (the KPI export's document form and the archive export's cell escaping). */
export function conversionCsv(conversion: Awaited<ReturnType<typeof campaignConversion>>): string {
  const rows = conversion.rows.map((r) => [
    r.name,
    r.mobileTail,
    r.joinedAt,
    r.boundAt,
    r.firstVisit,
    r.boughtOn
  ]);
  return csvDocument([CSV_HEADER, ...rows].map((cells) => cells.map((c) => csvCell(c ?? ''))));
}
