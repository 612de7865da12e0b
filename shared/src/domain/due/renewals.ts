import { addDays, addMonths, addYears, endOfMonth, type IsoDate } from '../dates';
import type { InspectionRule } from './settings';

/**
 * Insurance renewal and annual inspection: a date on the archive wins; otherwise a rule from
 * the delivery (registration) day. A rule date is the next one on or after today — whether
 * the owner renewed or inspected elsewhere is not known, so an estimate is never "overdue".
 * A date on the archive is taken as it stands, past or not: staff update it after renewal.
 */

/**
 * Each year's policy runs from the delivery day through the day before its anniversary
 * (保险期间一年): delivered 2023-03-01 → ends 2024-02-29; delivered 2024-02-29, whose
 * anniversary 2025 lacks, → ends 2025-02-28.
 */
export function insuranceEndAfter(deliveryDate: IsoDate, years: number): IsoDate {
  const anniversary = addYears(deliveryDate, years);
  const anniversaryExists = anniversary.slice(8) === deliveryDate.slice(8);
  return anniversaryExists ? addDays(anniversary, -1) : anniversary;
}

export function nextInsuranceEnd(deliveryDate: IsoDate, today: IsoDate): IsoDate {
  for (let years = 1; ; years++) {
    const end = insuranceEndAfter(deliveryDate, years);
    if (end >= today) return end;
  }
}

export interface InspectionDue {
  dueDate: IsoDate;
  /** Vehicle age in years at that inspection (5.5 for a half-yearly one). */
  ageYears: number;
  onSite: boolean;
}

function monthsOfStage(rule: InspectionRule, ageMonths: number): number {
  const stage =
    rule.stages.find((s) => s.untilYears === null || ageMonths < s.untilYears * 12) ??
    rule.stages[rule.stages.length - 1];
  return stage.everyMonths;
}

/** On site unless inside the exempt age and not one of the on-site years. */
export function isOnSiteInspection(rule: InspectionRule, ageYears: number): boolean {
  return !(ageYears <= rule.exemptUntilYears && !rule.onSiteAtYears.includes(ageYears));
}

/**
 * The next inspection deadline on or after today. Deadlines fall on the registration month's
 * anniversaries, and the sticker is valid to the end of that month (检验有效期至 YYYY年MM月).
 */
export function nextInspection(
  registrationDate: IsoDate,
  rule: InspectionRule,
  today: IsoDate
): InspectionDue {
  // Every step adds at least a month, so the walk ends once it passes today.
  for (let ageMonths = monthsOfStage(rule, 0); ; ageMonths += monthsOfStage(rule, ageMonths)) {
    const dueDate = endOfMonth(addMonths(registrationDate, ageMonths));
    if (dueDate >= today) {
      const ageYears = ageMonths / 12;
      return { dueDate, ageYears, onSite: isOnSiteInspection(rule, ageYears) };
    }
  }
}
