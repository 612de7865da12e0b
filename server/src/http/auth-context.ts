import type { StaffRole } from '@dealer/shared';

/** Who is calling, resolved once per request from the bearer token. */
export interface OwnerAuth {
  kind: 'owner';
  sessionId: string;
  ownerId: string;
}

export interface StaffAuth {
  kind: 'staff';
  sessionId: string;
  staffId: string;
  name: string;
  role: StaffRole;
  /** null for a group admin, who sees every dealership. */
  dealershipId: string | null;
}

export type AuthContext = OwnerAuth | StaffAuth;
