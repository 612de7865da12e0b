import type { Types } from 'mongoose';
import type { DealershipSettings, VehicleView } from '@dealer/shared';
import { coverageStatus, vinCheckDigitOk } from '@dealer/shared/domain';
import type { VehicleDoc } from '../vehicles/vehicle.model';

type VehicleRecord = VehicleDoc & { _id: Types.ObjectId };

/** A vehicle for staff, with warranty and 三包 status under the dealership's own terms. */
export function presentVehicle(v: VehicleRecord, settings: DealershipSettings, today: string): VehicleView {
  const usage = (v.usage ?? null) as VehicleView['usage'];
  const cover = coverageStatus({
    deliveryDate: v.deliveryDate ?? null,
    mileageKm: v.mileageKm ?? null,
    today,
    warranty: settings.warranty,
    sanbao: settings.sanbao,
    usage
  });
  return {
    id: String(v._id),
    customerId: String(v.customerId),
    plate: v.plate ?? null,
    vin: v.vin ?? null,
    brand: v.brand ?? '',
    series: v.series ?? '',
    model: v.model ?? '',
    deliveryDate: v.deliveryDate ?? null,
    usage,
    mileageKm: v.mileageKm ?? null,
    mileageDate: v.mileageDate ?? null,
    insuranceRenewalDate: v.insuranceRenewalDate ?? null,
    inspectionDate: v.inspectionDate ?? null,
    warranty: cover.warranty,
    sanbao: cover.sanbao,
    vinCheckDigitWarning: !!v.vin && !vinCheckDigitOk(v.vin)
  };
}
