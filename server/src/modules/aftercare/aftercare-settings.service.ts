import type { z } from 'zod';
import type { AftercareSettings, aftercareSettingsPatch } from '@dealer/shared';
import { clock } from '../../lib/clock';
import { AftercareSettingsModel } from './aftercare-settings.model';

/** Defaults (docs/aftercare.md): A/B 2 h to acknowledge and 24 h to resolve, C/D 24 h and 72 h. */
export const DEFAULT_AFTERCARE_SETTINGS: AftercareSettings = {
  callbackMaxAttempts: 3,
  callbackRetryDays: 1,
  lowScoreThreshold: 2,
  surveyDelayDays: 1,
  surveyCatchUpDays: 7,
  deadlines: {
    A: { ackHours: 2, resolveHours: 24 },
    B: { ackHours: 2, resolveHours: 24 },
    C: { ackHours: 24, resolveHours: 72 },
    D: { ackHours: 24, resolveHours: 72 }
  }
};

export async function aftercareSettingsOf(dealershipId: string): Promise<AftercareSettings> {
  const stored = await AftercareSettingsModel.findById(dealershipId).lean();
  const d = DEFAULT_AFTERCARE_SETTINGS;
  return {
    callbackMaxAttempts: stored?.callbackMaxAttempts ?? d.callbackMaxAttempts,
    callbackRetryDays: stored?.callbackRetryDays ?? d.callbackRetryDays,
    lowScoreThreshold: stored?.lowScoreThreshold ?? d.lowScoreThreshold,
    surveyDelayDays: stored?.surveyDelayDays ?? d.surveyDelayDays,
    surveyCatchUpDays: stored?.surveyCatchUpDays ?? d.surveyCatchUpDays,
    deadlines: {
      ...d.deadlines,
      ...((stored?.deadlines as AftercareSettings['deadlines'] | undefined) ?? {})
    }
  };
}

/** Writes only the fields given (a concurrent change of another field is kept). */
export async function updateAftercareSettings(
  dealershipId: string,
  patch: z.infer<typeof aftercareSettingsPatch>
): Promise<AftercareSettings> {
  const set: Record<string, unknown> = { updatedAt: clock.now() };
  for (const [key, value] of Object.entries(patch)) if (value !== undefined) set[key] = value;
  await AftercareSettingsModel.updateOne({ _id: dealershipId }, { $set: set }, { upsert: true });
  return aftercareSettingsOf(dealershipId);
}
