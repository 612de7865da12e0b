import { formatScene } from '@dealer/shared';
import { clock } from '../../lib/clock';
import { isDuplicateKeyError, notFound, unprocessable } from '../../lib/errors';
import type { WechatClient } from '../../lib/wechat/client';
import { wechatFailureToAppError } from '../../lib/wechat/wechat-http-error';
import { findStaff } from '../staff/staff.service';
import { findDealership } from './dealership.service';
import { QrCode } from './qrcode.model';

/** The mini-program page a binding QR opens. */
export const BIND_PAGE = 'pages/owner/bind/index';

/**
 * The binding QR code of a dealership, or of one of its advisors (the advisor becomes the
 * referrer and, when the archive has none, the assigned advisor).
 */
export async function bindingQrCode(
  wechat: WechatClient,
  envVersion: EnvVersion,
  dealershipId: string,
  advisorId?: string
): Promise<{ scene: string; png: Buffer }> {
  const dealership = await findDealership(dealershipId);
  let advisorCode: string | null = null;
  if (advisorId) {
    const advisor = await findStaff(advisorId);
    if (String(advisor.dealershipId) !== dealershipId) throw notFound('顾问');
    if (advisor.role !== 'advisor' || advisor.disabled)
      throw unprocessable('NOT_AN_ADVISOR', '只能为在职服务顾问生成二维码');
    advisorCode = advisor.advisorCode;
  }
  const scene = formatScene(dealership.code, advisorCode);
  return { scene, png: await miniProgramCode(wechat, envVersion, scene, BIND_PAGE) };
}

type EnvVersion = 'release' | 'trial' | 'develop';

/**
 * The unlimited mini-program code opening `page` with `scene`, made by WeChat once and cached
 * per version and scene (scenes name their page: `d=…` binds, `l=…` joins a lottery).
 */
export async function miniProgramCode(
  wechat: WechatClient,
  envVersion: EnvVersion,
  scene: string,
  page: string
): Promise<Buffer> {
  const cacheId = `${envVersion}:${scene}`;
  const cached = await QrCode.findById(cacheId).lean();
  if (cached) return Buffer.from(cached.png.buffer);

  let png: Buffer;
  try {
    // check_path only for the released version: trial/develop builds may not have the page yet.
    png = await wechat.unlimitedQrCode({ scene, page, envVersion, checkPath: envVersion === 'release' });
  } catch (err) {
    throw wechatFailureToAppError(err);
  }
  try {
    await QrCode.create({ _id: cacheId, png, createdAt: clock.now() });
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
  }
  return png;
}
