import { z } from 'zod';
import { VEHICLE_USAGES, type VehicleUsage } from '../categories';

/**
 * Settings of the due engine. Every number is a default from docs/reminders.md that a
 * dealership may change; the engine never holds a business number of its own.
 */

export const DUE_TYPES = [
  'first_maintenance',
  'regular_maintenance',
  'insurance',
  'inspection',
  'warranty_end',
  'sanbao_end'
] as const;
export type DueType = (typeof DUE_TYPES)[number];

const months = z.number().int().min(1).max(60);
const kilometres = z.number().int().min(100).max(1_000_000);
const leadDays = z.number().int().min(0).max(365);
const kmPerDay = z.number().min(0).max(2_000);

export const maintenanceInterval = z.strictObject({ months, km: kilometres });
export type MaintenanceInterval = z.infer<typeof maintenanceInterval>;

/** Per car series (exactly as on the vehicle): either interval may be overridden. */
export const seriesIntervals = z.strictObject({
  firstMaintenance: maintenanceInterval.optional(),
  regularMaintenance: maintenanceInterval.optional()
});
export type SeriesIntervals = z.infer<typeof seriesIntervals>;

/** A coverage period (warranty, 三包) ending at whichever of time or mileage comes first. */
export const coverageTerms = z.strictObject({
  years: z.number().int().min(1).max(20),
  /** null = no mileage limit. */
  km: kilometres.nullable()
});

/**
 * Inspection cycle of one usage: from first registration, every `everyMonths` while the
 * vehicle is younger than `untilYears` (null = for ever after). Stages are read in order;
 * the stage whose range contains the start of a period sets that period's length.
 */
export const inspectionStage = z.strictObject({
  untilYears: z.number().int().min(1).max(50).nullable(),
  everyMonths: z.number().int().min(1).max(60)
});
export const inspectionRule = z
  .strictObject({
    stages: z.array(inspectionStage).min(1).max(10),
    /** Inspections due at up to this age (years) need no on-site test (免检, sticker only)… */
    exemptUntilYears: z.number().int().min(0).max(50),
    /** …except at these ages (years), when the vehicle is tested on site anyway. */
    onSiteAtYears: z.array(z.number().int().min(1).max(50)).max(20)
  })
  .refine((rule) => rule.stages[rule.stages.length - 1].untilYears === null, {
    message: '最后一段检验周期须适用于此后所有车龄'
  })
  .refine(
    (rule) =>
      rule.stages.every(
        (s, i) =>
          i === 0 || s.untilYears === null || s.untilYears > (rule.stages[i - 1].untilYears ?? Infinity)
      ),
    {
      message: '检验周期各段车龄须递增'
    }
  );
export type InspectionRule = z.infer<typeof inspectionRule>;

const perUsage = <T extends z.ZodType>(schema: T) =>
  z.strictObject({ private: schema, official: schema, commercial: schema });

export const dueSettings = z.strictObject({
  firstMaintenance: maintenanceInterval.default({ months: 3, km: 5_000 }),
  regularMaintenance: maintenanceInterval.default({ months: 6, km: 5_000 }),
  bySeries: z.record(z.string().trim().min(1).max(50), seriesIntervals).default({}),
  warranty: coverageTerms.default({ years: 3, km: 100_000 }),
  sanbao: coverageTerms.default({ years: 2, km: 50_000 }),
  projection: z
    .strictObject({
      /** Only readings of the last N months project the vehicle's own km/day. */
      windowMonths: z.number().int().min(3).max(60).default(24),
      /** The rate is measured over about this many months when the readings allow. */
      preferredSpanMonths: z.number().int().min(1).max(60).default(12),
      /** Two readings closer than this tell too little (a refuel-week is not a habit). */
      minSpanDays: z.number().int().min(1).max(365).default(30),
      /** A vehicle sold new reads ~0 km on its delivery day: that day counts as a reading. */
      deliveryIsZeroKm: z.boolean().default(true),
      /** Dealership defaults when neither the vehicle nor its series tells (usage unknown = private). */
      defaultKmPerDay: perUsage(kmPerDay).default({ private: 27, official: 40, commercial: 200 })
    })
    .refine((p) => p.preferredSpanMonths <= p.windowMonths, { message: '推算跨度不能超过读数窗口' })
    .prefault({}),
  inspection: perUsage(inspectionRule).default({
    // Non-commercial small passenger cars (2022 reform): every 2 years up to 10 years of age,
    // only the 6th and 10th year on site, then yearly.
    private: {
      stages: [
        { untilYears: 10, everyMonths: 24 },
        { untilYears: null, everyMonths: 12 }
      ],
      exemptUntilYears: 10,
      onSiteAtYears: [6, 10]
    },
    official: {
      stages: [
        { untilYears: 10, everyMonths: 24 },
        { untilYears: null, everyMonths: 12 }
      ],
      exemptUntilYears: 10,
      onSiteAtYears: [6, 10]
    },
    // Commercial passenger cars (Road Traffic Safety Law regulations art. 16): yearly for 5 years, then every 6 months.
    commercial: {
      stages: [
        { untilYears: 5, everyMonths: 12 },
        { untilYears: null, everyMonths: 6 }
      ],
      exemptUntilYears: 0,
      onSiteAtYears: []
    }
  }),
  /** "Due soon" this many days before the due day, per type. */
  leadDays: z
    .strictObject({
      first_maintenance: leadDays,
      regular_maintenance: leadDays,
      insurance: leadDays,
      inspection: leadDays,
      warranty_end: leadDays,
      sanbao_end: leadDays
    })
    .default({
      first_maintenance: 14,
      regular_maintenance: 14,
      insurance: 30,
      inspection: 30,
      warranty_end: 60,
      sanbao_end: 60
    })
});
export type DueSettings = z.infer<typeof dueSettings>;
export type DueSettingsInput = z.input<typeof dueSettings>;

export const DEFAULT_DUE_SETTINGS: DueSettings = dueSettings.parse({});

/** A vehicle of unknown usage is treated as a private car (the common case, and the safer 三包 reading). */
export function usageOrPrivate(usage: VehicleUsage | null | undefined): VehicleUsage {
  return usage !== null && usage !== undefined && VEHICLE_USAGES.includes(usage) ? usage : 'private';
}

/** The maintenance intervals of a series: its own where set, the dealership's otherwise. */
export function intervalsFor(
  settings: DueSettings,
  series: string | null | undefined
): { firstMaintenance: MaintenanceInterval; regularMaintenance: MaintenanceInterval } {
  const key = series?.trim() ?? '';
  const own = Object.prototype.hasOwnProperty.call(settings.bySeries, key)
    ? settings.bySeries[key]
    : undefined;
  return {
    firstMaintenance: own?.firstMaintenance ?? settings.firstMaintenance,
    regularMaintenance: own?.regularMaintenance ?? settings.regularMaintenance
  };
}
