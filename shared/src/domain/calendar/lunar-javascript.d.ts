/**
 * lunar-javascript (6tail) ships plain JavaScript without type declarations. These cover
 * only the parts the calendar module calls; widen them here when a new call is needed
 * rather than casting at the call site.
 */
declare module 'lunar-javascript' {
  export interface SolarDay {
    getYear(): number;
    getMonth(): number;
    getDay(): number;
    /** 'YYYY-MM-DD' */
    toYmd(): string;
    getLunar(): LunarDay;
  }

  export interface LunarDay {
    getYear(): number;
    /** Negative for a leap month (闰月): -6 is 闰六月. */
    getMonth(): number;
    getDay(): number;
    getSolar(): SolarDay;
    /** Solar terms around this lunar year keyed by Chinese name ('清明') among others. */
    getJieQiTable(): Record<string, SolarDay>;
  }

  export interface LunarMonthInfo {
    getYear(): number;
    /** Negative for a leap month. */
    getMonth(): number;
    getDayCount(): number;
    isLeap(): boolean;
    /** Julian day of the month's first day. */
    getFirstJulianDay(): number;
  }

  export interface LunarYearInfo {
    /** The month number that is repeated as a leap month this year, 0 when none. */
    getLeapMonth(): number;
    /** The months of this lunar year in order, the leap month after its ordinary twin. */
    getMonthsInYear(): LunarMonthInfo[];
  }

  export interface HolidayDay {
    /** 'YYYY-MM-DD' */
    getDay(): string;
    getName(): string;
    /** true for a make-up working day (调休上班). */
    isWork(): boolean;
    /** The festival day this entry belongs to, 'YYYY-MM-DD'. */
    getTarget(): string;
  }

  export const Solar: {
    fromYmd(year: number, month: number, day: number): SolarDay;
    fromJulianDay(julianDay: number): SolarDay;
  };

  export const Lunar: {
    /** Throws when the month or day does not exist in that lunar year. */
    fromYmd(lunarYear: number, lunarMonth: number, lunarDay: number): LunarDay;
  };

  export const LunarYear: {
    fromYear(lunarYear: number): LunarYearInfo;
  };

  export const HolidayUtil: {
    getHoliday(ymd: string): HolidayDay | null;
    getHolidays(year: number): HolidayDay[];
  };
}
