import { clock } from '../../lib/clock';
import { isDuplicateKeyError } from '../../lib/errors';
import type { WechatClient } from '../../lib/wechat/client';
import { wechatFailureToAppError, withBusyRetry } from '../../lib/wechat/wechat-http-error';
import { createSession } from '../sessions/session.service';
import { Owner } from './owner.model';

/**
 * wx.login code -> code2session -> our session. The session_key is kept server-side only.
 * Nothing is written unless WeChat accepted the code.
 */
export async function ownerLogin(wechat: WechatClient, code: string, ttlHours: number) {
  let session;
  try {
    session = await withBusyRetry(() => wechat.code2Session(code));
  } catch (err) {
    throw wechatFailureToAppError(err);
  }
  const now = clock.now();
  const fields = { sessionKey: session.sessionKey, unionid: session.unionid, lastLoginAt: now };
  const ownerId = await upsertOwner(session.openid, fields, now);
  const token = await createSession({ kind: 'owner', subjectId: ownerId }, ttlHours);
  return { token, owner: { id: String(ownerId) } };
}

async function upsertOwner(openid: string, fields: Record<string, unknown>, now: Date) {
  const existing = await Owner.findOneAndUpdate({ openid }, { $set: fields }, { new: true }).lean();
  if (existing) return existing._id;
  try {
    return (await Owner.create({ openid, ...fields, createdAt: now }))._id;
  } catch (err) {
    // A concurrent first login created the owner: use it.
    if (!isDuplicateKeyError(err)) throw err;
    const raced = await Owner.findOneAndUpdate({ openid }, { $set: fields }, { new: true }).lean();
    return raced!._id;
  }
}
