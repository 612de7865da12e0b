import type { DealershipSettings } from '@dealer/shared';
import { coverageStatus } from '@dealer/shared/domain';
import { clock, shanghaiDate } from '../../lib/clock';

/** Warranty and 三包 status of a vehicle under its dealership's terms, as of today in Shanghai. */
export function vehicleCoverage(
  vehicle: { deliveryDate?: string | null; mileageKm?: number | null; usage?: string | null },
  settings: DealershipSettings
) {
  return coverageStatus({
    deliveryDate: vehicle.deliveryDate ?? null,
    mileageKm: vehicle.mileageKm ?? null,
    today: shanghaiDate(clock.now()),
    warranty: settings.warranty,
    sanbao: settings.sanbao,
    usage: (vehicle.usage ?? null) as 'private' | 'official' | 'commercial' | null
  });
}
