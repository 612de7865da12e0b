import type { StaffRole } from '@dealer/shared';

/** Reviewing who looked at which archive. */
export const CAN_READ_ACCESS_LOG: readonly StaffRole[] = ['group_admin', 'manager'];
