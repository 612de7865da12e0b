import type Router from '@koa/router';
import { z } from 'zod';
import {
  createDealershipRequest,
  dealershipSettings,
  dealershipListResponse,
  dealershipSummary,
  objectId,
  parseScene,
  sceneResolution,
  sceneString,
  updateDealershipSettingsRequest
} from '@dealer/shared';
import type { AppDeps } from '../../deps';
import { idParams, route } from '../../http/route';
import { badRequest, notFound } from '../../lib/errors';
import { oneDealership } from '../../http/dealership-scope';
import { Staff } from '../staff/staff.model';
import { Dealership } from './dealership.model';
import { createDealership, listDealerships, loadSettings, updateSettings } from './dealership.service';
import { bindingQrCode } from './qrcode.service';

/**
 * The keys the client sent. The parsed body has every setting (zod fills defaults in even for
 * absent optional keys), and writing those would reset settings nobody touched.
 */
function onlySent<T extends object>(parsed: T, raw: unknown): Partial<T> {
  const sent = raw && typeof raw === 'object' ? Object.keys(raw) : [];
  return Object.fromEntries(Object.entries(parsed).filter(([key]) => sent.includes(key))) as Partial<T>;
}

const presentDealership = (d: { _id: unknown; code: string; name: string }) => ({
  id: String(d._id),
  code: d.code,
  name: d.name
});

export function dealershipRoutes(router: Router, { wechat, config }: AppDeps): void {
  route.public(router, {
    method: 'get',
    path: '/api/scene/:scene',
    tag: 'binding',
    summary: 'Resolve a binding QR scene to its dealership (and advisor)',
    params: z.strictObject({ scene: sceneString }),
    response: sceneResolution,
    handler: async ({ params }) => {
      const parsed = parseScene(params.scene);
      if (!parsed) throw badRequest('INVALID_SCENE', '二维码内容无效');
      const dealership = await Dealership.findOne({ code: parsed.dealerCode }).lean();
      if (!dealership) throw notFound('门店', 'DEALERSHIP_NOT_FOUND');
      const advisor = parsed.advisorCode
        ? await Staff.findOne({
            advisorCode: parsed.advisorCode,
            dealershipId: dealership._id,
            disabled: false
          }).lean()
        : null;
      return {
        dealership: presentDealership(dealership),
        advisor: advisor ? { id: String(advisor._id), name: advisor.name } : null
      };
    }
  });

  route.staff(router, {
    method: 'get',
    path: '/api/dealerships',
    capability: 'dealerships.read',
    tag: 'dealerships',
    summary: 'Dealerships I work in (all, for a group admin)',
    response: dealershipListResponse,
    handler: async ({ auth }) => ({
      items: (await listDealerships(auth.dealershipId)).map(presentDealership)
    })
  });

  route.staff(router, {
    method: 'post',
    path: '/api/dealerships',
    tag: 'dealerships',
    summary: 'Open a dealership in the group',
    capability: 'dealerships.create',
    body: createDealershipRequest,
    response: dealershipSummary,
    status: 201,
    handler: async ({ body }) => presentDealership((await createDealership(body)).toObject())
  });

  route.staff(router, {
    method: 'get',
    path: '/api/dealerships/:id/settings',
    capability: 'dealerships.read',
    tag: 'dealerships',
    summary: 'Settings of a dealership',
    params: idParams,
    response: dealershipSettings,
    handler: async ({ auth, params }) => loadSettings(oneDealership(auth, params.id))
  });

  route.staff(router, {
    method: 'patch',
    path: '/api/dealerships/:id/settings',
    tag: 'dealerships',
    summary: 'Change settings of a dealership',
    capability: 'dealerships.settings.edit',
    params: idParams,
    body: updateDealershipSettingsRequest,
    response: dealershipSettings,
    handler: async ({ auth, params, body, ctx }) =>
      updateSettings(oneDealership(auth, params.id), onlySent(body, ctx.request.body))
  });

  route.staff(router, {
    method: 'get',
    path: '/api/dealerships/:id/qrcode.png',
    tag: 'dealerships',
    summary: 'Binding QR code (PNG) of the dealership or one of its advisors',
    capability: 'qrcodes.read',
    params: idParams,
    query: z.strictObject({ advisorId: objectId.optional() }),
    produces: 'image/png',
    handler: async ({ auth, params, query, ctx }) => {
      const dealershipId = oneDealership(auth, params.id);
      const { scene, png } = await bindingQrCode(
        wechat,
        config.WECHAT_ENV_VERSION,
        dealershipId,
        query.advisorId
      );
      ctx.type = 'image/png';
      ctx.set('Content-Disposition', `inline; filename="qrcode-${scene.replace(/[^\w=-]/g, '_')}.png"`);
      ctx.set('X-Scene', scene);
      ctx.body = png;
      return undefined;
    }
  });
}
