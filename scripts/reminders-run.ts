/**
 * Runs the daily service-reminder job by hand for a day (operators; the once-only tests spawn
 * it as a second scheduler instance).
 *
 *   npx tsx scripts/reminders-run.ts [--date 2026-05-20] [--dealership CODE|ID] [--now ISO time]
 *
 * Settings come from the environment like the server's (MONGODB_URI, WECHAT_API_BASE,
 * WECHAT_APPID, WECHAT_SECRET, CARE_SEND_MAX_ATTEMPTS, CARE_RETRY_BASE_MS). A rerun reminds
 * nobody twice and finishes reminders a stopped run left pending. Prints one JSON line with
 * the counts. Exit code: 0 done, 1 the run failed, 2 bad arguments or settings.
 */
import { runDailyJobFromCommandLine } from './run-daily-job';

runDailyJobFromCommandLine('reminders-daily');
