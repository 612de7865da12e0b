import { computeUplift, MIN_UPLIFT_SAMPLE } from '@dealer/shared/domain/uplift';
import type { ControlStages, FunnelStages, UpliftView } from '@dealer/shared';

/**
 * The uplift of one funnel: reminded vehicles' return rate against the control group's, each
 * over its decided vehicles (returned + missed; pending ones still have time and are left out,
 * as in the return-rate KPI). Statistics and wording: shared/src/domain/uplift.ts.
 */
export function presentUplift(funnel: FunnelStages, control: ControlStages): UpliftView {
  const uplift = computeUplift(
    { returned: funnel.returned, decided: funnel.returned + funnel.missed },
    { returned: control.returned, decided: control.returned + control.missed }
  );
  return { ...uplift, minSample: MIN_UPLIFT_SAMPLE };
}
