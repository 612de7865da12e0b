import { instanceId, liveInstances } from '../../lib/jobs/instance';
import { insertManyUnique } from '../../lib/jobs/unique-insert';
import { op } from '../../lib/query';
import { ReminderDeliveryClaim } from './reminder.model';

/**
 * Who delivers a pending reminder (unique `<reminder>#<generation>` inserts). Whoever wins
 * generation 1 delivers a new reminder; a reminder still pending under a holder that stopped
 * beating is taken over with the next generation. Two live processes never deliver one
 * reminder; a crashed one's reminders are finished by the next run.
 */

const claimId = (reminderId: string, generation: number) => `${reminderId}#${generation}`;

async function insertClaims(
  wants: ReadonlyArray<{ reminderId: string; generation: number }>
): Promise<boolean[]> {
  const claimedAt = new Date();
  return insertManyUnique(
    ReminderDeliveryClaim,
    wants.map((w) => ({
      _id: claimId(w.reminderId, w.generation),
      reminderId: w.reminderId,
      generation: w.generation,
      instanceId,
      claimedAt
    }))
  );
}

/** Generation 1 of reminders just inserted; the ids this process may deliver. */
export async function claimNew(reminderIds: readonly string[]): Promise<Set<string>> {
  const won = await insertClaims(reminderIds.map((reminderId) => ({ reminderId, generation: 1 })));
  return new Set(reminderIds.filter((_, i) => won[i]));
}

/**
 * Pending reminders nobody live is delivering: unclaimed ones (the inserter died before
 * claiming) and those whose holder stopped. The ids this process now holds.
 */
export async function claimLeftBehind(reminderIds: readonly string[]): Promise<Set<string>> {
  if (reminderIds.length === 0) return new Set();
  const claims = await ReminderDeliveryClaim.find({ reminderId: op.in(reminderIds) }).lean();
  const latest = new Map<string, { generation: number; instanceId: string }>();
  for (const c of claims)
    if ((latest.get(c.reminderId)?.generation ?? 0) < c.generation) latest.set(c.reminderId, c);
  const live = await liveInstances([...latest.values()].map((c) => c.instanceId));
  const wants = reminderIds
    .filter((id) => {
      const last = latest.get(id);
      return !last || (!live.has(last.instanceId) && last.instanceId !== instanceId);
    })
    .map((reminderId) => ({ reminderId, generation: (latest.get(reminderId)?.generation ?? 0) + 1 }));
  const won = await insertClaims(wants);
  return new Set(wants.filter((_, i) => won[i]).map((w) => w.reminderId));
}
