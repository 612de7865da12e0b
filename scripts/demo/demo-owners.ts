import { Types } from 'mongoose';
import { DEFAULT_CARE_TEMPLATES, formatScene } from '@dealer/shared';
import type { IsoDate } from '@dealer/shared/domain';
import { addDays } from '@dealer/shared/domain';
import { wireModules } from '../../server/src/composition';
import type { AppDeps } from '../../server/src/deps';
import { Customer } from '../../server/src/modules/customers/customer.model';
import { Staff } from '../../server/src/modules/staff/staff.model';
import { ownerLogin } from '../../server/src/modules/owners/owner-auth.service';
import { bindOwner } from '../../server/src/modules/bindings/binding.service';
import { claimVehicle } from '../../server/src/modules/bindings/owner-vehicle.service';
import { Vehicle } from '../../server/src/modules/vehicles/vehicle.model';
import { VehicleClaim } from '../../server/src/modules/bindings/vehicle-claim.model';
import { reportSubscriptions } from '../../server/src/modules/care/http/owner-subscription.service';
import { birthdayKeysOn } from '../../server/src/lib/occasion-keys';
import type { SandboxState } from '../wechat-sandbox';

/**
 * Demo car owners who scanned the dealership's QR code: each signs in with WeChat (a login
 * code from the sandbox), binds with the phone number WeChat verified (the real binding
 * service), most add their car (the claim service) and accept the care templates once (WeChat's side in the sandbox, ours
 * through the subscription service). The demo visitor's own archive is left unbound.
 */

/** The WeChat user of a demo archive: stable, so a rerun signs in the same owner. */
export const demoOpenid = (mobile: string) => `o-demo-${mobile}`;

export interface DemoOwner {
  ownerId: string;
  customerId: Types.ObjectId;
  mobile: string;
  openid: string;
  subscribed: boolean;
}

/**
 * Who binds: every customer with a birthday in the demo's care days (so greetings go out),
 * and every fourth other customer, skipping the visitor's archive.
 */
async function chooseArchives(
  dealershipId: Types.ObjectId,
  careDays: readonly IsoDate[],
  skipMobile: string
) {
  const keys = new Set(careDays.flatMap((d) => birthdayKeysOn(d)));
  const all = await Customer.find({ dealershipId }, { mobile: 1, birthdayKey: 1, advisorId: 1 })
    .sort({ mobileKey: 1 })
    .lean();
  return all.filter(
    (c, i) => c.mobile && c.mobile !== skipMobile && (keys.has(c.birthdayKey ?? '') || i % 4 === 0)
  );
}

export async function bindDemoOwners(options: {
  deps: AppDeps;
  sandbox: SandboxState;
  dealershipId: Types.ObjectId;
  dealerCode: string;
  careDays: readonly IsoDate[];
  skipMobile: string;
}): Promise<DemoOwner[]> {
  const { deps, sandbox } = options;
  const archives = await chooseArchives(options.dealershipId, options.careDays, options.skipMobile);
  const advisors = await Staff.find(
    { dealershipId: options.dealershipId, role: 'advisor' },
    { advisorCode: 1 }
  ).lean();
  const codeOf = new Map(advisors.map((a) => [String(a._id), a.advisorCode ?? null]));
  const templateIds = DEFAULT_CARE_TEMPLATES.map((t) => t.templateId);
  const owners: DemoOwner[] = [];
  // The real binding's hooks too (the surveys of the archive's recent visits).
  const bindingHooks = wireModules().bindings;
  for (const [i, archive] of archives.entries()) {
    const mobile = archive.mobile as string;
    const openid = demoOpenid(mobile);
    const { code } = sandbox.mintLoginCode({ openid });
    const { owner } = await ownerLogin(deps.wechat, code, deps.config.SESSION_TTL_HOURS);
    // Half scanned their advisor's code, half the dealership's.
    const advisorCode = i % 2 === 0 ? (codeOf.get(String(archive.advisorId)) ?? null) : null;
    const phone = sandbox.mintPhoneCode({ phoneNumber: mobile, openid });
    await bindOwner(
      deps.wechat,
      owner.id,
      { scene: formatScene(options.dealerCode, advisorCode), phoneCode: phone.code },
      bindingHooks
    );
    // Most have added their car (plate and the VIN's last six, as on the claim form).
    const car =
      i % 5 === 4 ? null : await Vehicle.findOne({ customerId: archive._id }, { plate: 1, vin: 1 }).lean();
    const claimed = car
      ? await VehicleClaim.exists({ ownerId: new Types.ObjectId(owner.id), vehicleId: car._id })
      : null;
    if (car?.plate && car.vin && !claimed)
      await claimVehicle(owner.id, String(options.dealershipId), car.plate, car.vin.slice(-6));
    // Two owners in three allow the care messages once each; the others get the inbox only.
    const subscribed = i % 3 !== 2;
    if (subscribed) {
      sandbox.grantSubscription(openid, templateIds);
      const results = Object.fromEntries(templateIds.map((t) => [t, 'accept' as const]));
      // One request id per owner: a rerun after an interrupted start adds no second consent.
      await reportSubscriptions(owner.id, { results, requestId: `demo-${mobile}` });
    }
    owners.push({ ownerId: owner.id, customerId: archive._id, mobile, openid, subscribed });
  }
  return owners;
}

/** The care days the demo replays: the last `count` days before today, oldest first. */
export function pastCareDays(today: IsoDate, count: number): IsoDate[] {
  return Array.from({ length: count }, (_, i) => addDays(today, i - count));
}
