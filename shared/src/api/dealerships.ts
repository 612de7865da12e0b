import { z } from 'zod';
import { objectId } from './common';
import { kpiSettings } from './kpis';
import { tierSettingsBody } from './tiers';
import { classSettings } from './classes';

/** Per-dealership settings; each number from docs/domain.md is a default a manager can change. */
export const dealershipSettings = z.strictObject({
  warranty: z
    .strictObject({ years: z.number().int().min(1).max(10), km: z.number().int().min(1000).max(1_000_000) })
    .default({ years: 3, km: 100_000 }),
  sanbao: z
    .strictObject({ years: z.number().int().min(1).max(10), km: z.number().int().min(1000).max(1_000_000) })
    .default({ years: 2, km: 50_000 }),
  firstMaintenance: z
    .strictObject({ months: z.number().int().min(1).max(24), km: z.number().int().min(500).max(50_000) })
    .default({ months: 3, km: 5_000 }),
  regularMaintenance: z
    .strictObject({ months: z.number().int().min(1).max(24), km: z.number().int().min(500).max(50_000) })
    .default({ months: 6, km: 5_000 }),
  /** Wrong plate + VIN-6 attempts an owner may make per dealership per day. */
  claimAttemptsPerDay: z.number().int().min(1).max(50).default(5),
  /** KPI windows: return window, active / at-risk / lost months (docs/metrics.md). */
  kpis: kpiSettings.prefault({}),
  /** How customers are tiered A/B/C/D (GET/PUT /api/dealerships/:id/tier-settings). */
  tiers: tierSettingsBody.prefault({}),
  /** Lifecycle (loyal) and service-stage rules; at-risk/lost months are `kpis`'. */
  classes: classSettings.prefault({})
});
export type DealershipSettings = z.infer<typeof dealershipSettings>;
export const defaultDealershipSettings = (): DealershipSettings => dealershipSettings.parse({});

export const dealershipSummary = z.object({ id: objectId, code: z.string(), name: z.string() });
export type DealershipSummary = z.infer<typeof dealershipSummary>;

export const dealershipCode = z.string().regex(/^[A-Z0-9]{2,12}$/, '门店代码为2-12位大写字母或数字');

export const createDealershipRequest = z.strictObject({
  code: dealershipCode,
  name: z.string().trim().min(2).max(60),
  address: z.string().max(200).optional(),
  phone: z.string().max(30).optional()
});

export const updateDealershipSettingsRequest = dealershipSettings.partial();

export const sceneResolution = z.object({
  dealership: dealershipSummary,
  advisor: z.object({ id: objectId, name: z.string() }).nullable()
});

export const dealershipListResponse = z.object({ items: z.array(dealershipSummary) });
