import { Types } from 'mongoose';
import {
  SERVICE_TYPE_LABELS,
  type ClaimVehicleResponse,
  type OwnerVehicle,
  type ServiceType
} from '@dealer/shared';
import { normalizePlate, vinLast6 } from '@dealer/shared/domain';
import { op } from '../../lib/query';
import { claimAttemptSlot, releaseAttemptSlot } from '../../lib/attempt-limiter';
import { clock, shanghaiDate } from '../../lib/clock';
import { AppError, forbidden, isDuplicateKeyError, notFound, tooManyRequests } from '../../lib/errors';
import { bindingAt } from './binding.service';
import { Customer } from '../customers/customer.model';
import { Owner } from '../owners/owner.model';
import { handedOverTo, openClaimRequest } from './claim-request.service';
import { Dealership } from '../dealerships/dealership.model';
import { settingsOf } from '../dealerships/dealership.service';
import { ServiceRecord } from '../vehicles/service-record.model';
import { Vehicle, type VehicleDoc } from '../vehicles/vehicle.model';
import { VehicleClaim } from './vehicle-claim.model';
import { vehicleCoverage } from '../vehicles/vehicle-coverage';

export type VehicleRecord = VehicleDoc & { _id: Types.ObjectId };

export async function presentOwnerVehicles(vehicles: VehicleRecord[]): Promise<OwnerVehicle[]> {
  const dealerIds = [...new Set(vehicles.map((v) => String(v.dealershipId)))];
  const dealers = await Dealership.find({ _id: op.in(dealerIds) }).lean();
  const byId = new Map(dealers.map((d) => [String(d._id), d]));
  return vehicles.map((v) => {
    const dealer = byId.get(String(v.dealershipId));
    const { warranty, sanbao } = vehicleCoverage(v, settingsOf(dealer ?? {}));
    return {
      id: String(v._id),
      dealership: { id: String(v.dealershipId), name: dealer?.name ?? '' },
      plate: v.plate ?? null,
      vinLast6: v.vin ? vinLast6(v.vin) : null,
      brand: v.brand ?? '',
      series: v.series ?? '',
      model: v.model ?? '',
      deliveryDate: v.deliveryDate ?? null,
      mileageKm: v.mileageKm ?? null,
      warranty,
      sanbao
    };
  });
}

/** Vehicles the owner has claimed at dealerships they are still bound to. */
export async function listOwnerVehicles(ownerId: string): Promise<OwnerVehicle[]> {
  const claims = await VehicleClaim.find({ ownerId: new Types.ObjectId(ownerId) }).lean();
  const vehicles = await Vehicle.find({ _id: op.in(claims.map((c) => c.vehicleId)) })
    .sort({ createdAt: 1 })
    .lean<VehicleRecord[]>();
  return presentOwnerVehicles(vehicles);
}

/** One claimed vehicle with its service history; anything else is "not found". */
export async function ownerVehicleDetail(ownerId: string, vehicleId: string) {
  const claim = await VehicleClaim.findById(`${vehicleId}:${ownerId}`).lean();
  if (!claim) throw notFound('车辆', 'VEHICLE_NOT_FOUND');
  const vehicle = await Vehicle.findById(vehicleId).lean<VehicleRecord>();
  if (!vehicle) throw notFound('车辆', 'VEHICLE_NOT_FOUND');
  const records = await ServiceRecord.find({ vehicleId: vehicle._id })
    .sort({ serviceDate: -1 })
    .limit(200)
    .lean();
  const [presented] = await presentOwnerVehicles([vehicle]);
  return {
    ...presented,
    serviceRecords: records.map((r) => ({
      id: String(r._id),
      roNumber: r.roNumber,
      serviceDate: r.serviceDate,
      type: r.type,
      typeLabel: SERVICE_TYPE_LABELS[r.type as ServiceType],
      amountFen: r.amountFen,
      mileageKm: r.mileageKm ?? null
    }))
  };
}

/** Makes the vehicle the owner's (their proof of possession); claiming twice is harmless. */
export async function grantVehicle(
  vehicleId: Types.ObjectId,
  ownerId: string | Types.ObjectId,
  dealershipId: Types.ObjectId
): Promise<void> {
  try {
    await VehicleClaim.create({
      _id: `${vehicleId}:${ownerId}`,
      vehicleId,
      ownerId: new Types.ObjectId(String(ownerId)),
      dealershipId,
      claimedAt: clock.now()
    });
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
  }
}

/**
 * The claimant's own archive: the one their binding there is to (matched by their
 * WeChat-verified mobile), or any archive whose mobile is their verified mobile.
 */
async function isClaimantsArchive(
  ownerId: string,
  bindingCustomerId: Types.ObjectId,
  vehicle: VehicleRecord
): Promise<boolean> {
  if (String(vehicle.customerId) === String(bindingCustomerId)) return true;
  const [owner, archive] = await Promise.all([
    Owner.findById(ownerId, { mobile: 1 }).lean(),
    Customer.findById(vehicle.customerId, { mobile: 1 }).lean()
  ]);
  return Boolean(owner?.mobile && archive?.mobile && owner.mobile === archive.mobile);
}

/**
 * Claim by plate + last 6 of the VIN. Each attempt first takes one of the day's attempt
 * slots (unique insert), so concurrent guessing cannot exceed the daily limit; a correct
 * plate + VIN gives its slot back. An unknown plate costs an attempt too, so plates cannot
 * be probed. The VIN can be read through the windscreen, so plate + VIN only proves
 * possession when the vehicle's archive is the claimant's own (their verified mobile); any
 * other vehicle waits for its archive's owner or the dealership (claim-request.service).
 */
export async function claimVehicle(
  ownerId: string,
  dealershipId: string,
  plateInput: string,
  vinTailInput: string
): Promise<ClaimVehicleResponse> {
  const binding = await bindingAt(ownerId, dealershipId);
  if (!binding) throw forbidden('请先绑定该门店', 'NOT_BOUND');
  const dealership = await Dealership.findById(dealershipId).lean();
  const limit = settingsOf(dealership ?? {}).claimAttemptsPerDay;
  const key = `claim:${ownerId}:${dealershipId}:${shanghaiDate(clock.now())}`;
  const slot = await claimAttemptSlot(key, limit, clock.now());
  if (!slot)
    throw tooManyRequests(
      '今日验证次数已用完，请明天再试或联系门店',
      { attemptsLeft: 0 },
      'TOO_MANY_ATTEMPTS'
    );

  const plate = normalizePlate(plateInput);
  const vinTail = vinTailInput.toUpperCase();
  const candidates = plate
    ? await Vehicle.find({ dealershipId: binding.dealershipId, plate }).lean<VehicleRecord[]>()
    : [];
  if (candidates.length === 0) {
    throw new AppError(404, 'VEHICLE_NOT_FOUND', '未找到该车牌的车辆，请核对车牌号', {
      attemptsLeft: slot.remaining
    });
  }
  const vehicle = candidates.find((v) => v.vin && vinLast6(v.vin) === vinTail);
  if (!vehicle) {
    throw new AppError(422, 'VIN_MISMATCH', '车架号后6位不正确', { attemptsLeft: slot.remaining });
  }
  await releaseAttemptSlot(slot.id);
  const alreadyMine =
    (await VehicleClaim.exists({ _id: `${vehicle._id}:${ownerId}` })) ||
    (await handedOverTo(vehicle, ownerId));
  if (alreadyMine || (await isClaimantsArchive(ownerId, binding.customerId, vehicle))) {
    await grantVehicle(vehicle._id, ownerId, binding.dealershipId);
    const [presented] = await presentOwnerVehicles([vehicle]);
    return { outcome: 'claimed', vehicle: presented };
  }
  return {
    outcome: 'pending',
    request: await openClaimRequest({
      ownerId,
      claimantCustomerId: binding.customerId,
      vehicle,
      dealershipName: dealership?.name ?? ''
    })
  };
}
