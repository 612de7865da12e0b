import type { ComplaintFigures, SatisfactionFigures } from '@dealer/shared';

/**
 * Satisfaction and complaint figures come from the aftercare module (a higher layer); the
 * composition root passes its implementation in (ModuleWiring.kpis), the KPI module never
 * imports it. Days are inclusive 'YYYY-MM-DD' Shanghai calendar days.
 */
export interface AftercareFigures {
  satisfaction(dealershipId: string, from: string, to: string): Promise<SatisfactionFigures>;
  complaints(dealershipId: string, from: string, to: string, asOf: string): Promise<ComplaintFigures>;
}

export interface KpiSources {
  aftercare: AftercareFigures;
}
