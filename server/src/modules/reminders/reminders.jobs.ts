import type { JobDefinition } from '../../lib/jobs/define';
import { runReminders } from './reminder-run';

/** Daily at 09:30 Shanghai (inside the send window): the day's service reminders. */
export const remindersDailyJob: JobDefinition = {
  name: 'reminders-daily',
  cron: '30 9 * * *',
  timezone: 'Asia/Shanghai',
  description: 'Send every due event whose reminder window opened its one reminder (not the control group)',
  run: runReminders
};
