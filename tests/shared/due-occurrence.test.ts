import { addYears } from '@dealer/shared/domain';
import { DUE_TYPES, vehicleDue } from '@dealer/shared/domain/due';
import { eventOf, reading, vehicle } from './due-helpers';

/**
 * The occurrence key of a due event stays put while its projected due day moves, so a stored
 * event, a reminder and a booking keep naming the same occurrence across recomputations.
 */
describe('due event occurrence', () => {
  const delivered = vehicle({ deliveryDate: '2024-03-01', usage: 'private' });

  it('is the anchor day for maintenance: a new reading moves the due day, not the occurrence', () => {
    const slow = vehicleDue(
      { ...delivered, maintenanceVisits: [{ date: '2025-06-01', km: 10_000 }] },
      { today: '2025-07-01' }
    );
    const fast = vehicleDue(
      {
        ...delivered,
        maintenanceVisits: [{ date: '2025-06-01', km: 10_000 }],
        readings: [reading('2025-06-30', 14_000, 'owner_booking')]
      },
      { today: '2025-07-01' }
    );
    const before = eventOf(slow, 'regular_maintenance');
    const after = eventOf(fast, 'regular_maintenance');
    expect(after.dueDate < before.dueDate).toBe(true);
    expect(before.occurrence).toBe('2025-06-01');
    expect(after.occurrence).toBe('2025-06-01');
  });

  it('is the delivery day for the first maintenance, and moves on with the next visit', () => {
    const first = eventOf(vehicleDue(delivered, { today: '2024-04-01' }), 'first_maintenance');
    expect(first.occurrence).toBe('2024-03-01');
    const next = eventOf(
      vehicleDue(
        { ...delivered, maintenanceVisits: [{ date: '2024-05-20', km: 4_000 }] },
        { today: '2024-06-01' }
      ),
      'regular_maintenance'
    );
    expect(next.occurrence).toBe('2024-05-20');
  });

  it('is the time-based end for warranty and 三包, even when the mileage ends them first', () => {
    const heavy = vehicleDue(
      { ...delivered, readings: [reading('2025-03-01', 60_000, 'staff_edit')] },
      { today: '2025-04-01' }
    );
    const sanbao = eventOf(heavy, 'sanbao_end');
    expect(sanbao.basis).toBe('mileage');
    expect(sanbao.occurrence).toBe(addYears('2024-03-01', 2));
    expect(eventOf(heavy, 'warranty_end').occurrence).toBe(addYears('2024-03-01', 3));
  });

  it('is the deadline for insurance and inspection, given or estimated', () => {
    const given = vehicleDue(
      { ...delivered, insuranceRenewalDate: '2025-09-30', inspectionDate: '2026-03-31' },
      { today: '2025-04-01' }
    );
    expect(eventOf(given, 'insurance').occurrence).toBe('2025-09-30');
    expect(eventOf(given, 'inspection').occurrence).toBe('2026-03-31');
    const estimated = vehicleDue(delivered, { today: '2025-04-01' });
    for (const type of ['insurance', 'inspection'] as const) {
      const e = eventOf(estimated, type);
      expect(e.occurrence).toBe(e.dueDate);
    }
  });

  it('is set on every event type', () => {
    const result = vehicleDue(delivered, { today: '2025-04-01' });
    expect(result.events.map((e) => e.type).sort()).toEqual(
      [...DUE_TYPES].filter((t) => t !== 'regular_maintenance').sort()
    );
    for (const e of result.events) expect(e.occurrence).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
