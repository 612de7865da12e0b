import { Types } from 'mongoose';
import type { StaffRole } from '@dealer/shared';
import { clock } from '../../lib/clock';
import { newToken, sha256 } from '../../lib/tokens';
import type { AuthContext } from '../../http/auth-context';
import { Session } from './session.model';

export interface SessionSubject {
  kind: 'owner' | 'staff';
  subjectId: Types.ObjectId | string;
  role?: StaffRole;
  name?: string;
  dealershipId?: Types.ObjectId | string | null;
}

/** Issues a bearer token; only its hash is stored. */
export async function createSession(subject: SessionSubject, ttlHours: number): Promise<string> {
  const token = newToken();
  const now = clock.now();
  await Session.create({
    _id: sha256(token),
    kind: subject.kind,
    subjectId: subject.subjectId,
    role: subject.role ?? null,
    name: subject.name ?? '',
    dealershipId: subject.dealershipId ?? null,
    createdAt: now,
    expiresAt: new Date(now.getTime() + ttlHours * 3600_000)
  });
  return token;
}

export async function resolveSession(token: string): Promise<AuthContext | null> {
  const session = await Session.findById(sha256(token)).lean();
  if (!session || session.expiresAt <= clock.now()) return null;
  if (session.kind === 'owner')
    return { kind: 'owner', sessionId: session._id, ownerId: String(session.subjectId) };
  return {
    kind: 'staff',
    sessionId: session._id,
    staffId: String(session.subjectId),
    name: session.name,
    role: session.role as StaffRole,
    dealershipId: session.dealershipId ? String(session.dealershipId) : null
  };
}

export async function revokeSession(sessionId: string): Promise<void> {
  await Session.deleteOne({ _id: sessionId });
}

export async function revokeAllSessions(subjectId: string | Types.ObjectId): Promise<number> {
  const result = await Session.deleteMany({ subjectId: new Types.ObjectId(String(subjectId)) });
  return result.deletedCount;
}
