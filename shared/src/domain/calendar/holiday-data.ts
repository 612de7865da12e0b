import type { HolidayTable } from './holidays';
import { loadHolidayTable } from './holidays';
import data2025 from '../../../data/holidays/2025.json';
import data2026 from '../../../data/holidays/2026.json';

/**
 * The schedules shipped with the code. Static imports keep shared/ free of file-system
 * access and let bundlers inline the data; a new year is one JSON file plus one line here
 * (shared/data/holidays/README.md). The server may also pass tables loaded at run time.
 * Validated on import, so a malformed file fails at start-up, not on the holiday itself.
 */
export const BUNDLED_HOLIDAY_TABLES: readonly HolidayTable[] = [
  loadHolidayTable(data2025, 'shared/data/holidays/2025.json'),
  loadHolidayTable(data2026, 'shared/data/holidays/2026.json')
];
