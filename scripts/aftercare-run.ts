/**
 * Runs the daily aftercare job by hand for a day (operators, e.g. a missed day; the crash
 * test spawns it as a process it can kill).
 *
 *   npx tsx scripts/aftercare-run.ts [--date 2026-05-20] [--dealership CODE|ID] [--now ISO time]
 *
 * Settings come from the environment like the server's (MONGODB_URI, WECHAT_API_BASE,
 * WECHAT_APPID, WECHAT_SECRET …). A rerun makes no second callback, survey or invitation and
 * finishes what a stopped run left. `--now` pretends the current time is another (tests).
 * Prints one JSON line with the counts. Exit code: 0 done, 1 the run failed, 2 bad arguments
 * or settings.
 */
import { runDailyJobFromCommandLine } from './run-daily-job';

runDailyJobFromCommandLine('aftercare-daily');
