/**
 * POST /wxa/getwxacodeunlimit?access_token=… {scene, page?, check_path?, env_version?, width?}
 *
 * Success: a PNG (image/png) of a QR code whose text is
 * `${qrPayloadBase}${page}?scene=${encodeURIComponent(scene)}` — see wxacodePayload.
 * Errors: JSON (application/json). A real mini-program code is a round "sun code" that only
 * WeChat reads; the sandbox draws an ordinary QR code so tests and the demo can decode it.
 */
import { wxError } from '../errors';
import { qrPng } from '../png';
import { type Endpoint, isWechatError, json, objectBody, tokenError } from './common';

export const SCENE_PATTERN = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/;
const ENV_VERSIONS = ['release', 'trial', 'develop'];

/** The text the sandbox's QR code encodes. */
export function wxacodePayload(base: string, page: string, scene: string): string {
  return `${base}${page}?scene=${encodeURIComponent(scene)}`;
}

/**
 * Reads page and scene back out of a decoded payload; undefined when it is not one. Give the
 * `qrPayloadBase` the sandbox was started with unless it is the default `wxacode://<appid>/`.
 */
export function parseWxacodePayload(
  text: string,
  base?: string
): { page: string; scene: string } | undefined {
  const q = text.lastIndexOf('?scene=');
  if (q < 0) return undefined;
  const head = text.slice(0, q);
  let page: string;
  if (base !== undefined) {
    if (!head.startsWith(base)) return undefined;
    page = head.slice(base.length);
  } else {
    const m = /^wxacode:\/\/[^/]+\/(.+)$/.exec(head);
    if (!m) return undefined;
    page = m[1];
  }
  try {
    return { page, scene: decodeURIComponent(text.slice(q + '?scene='.length)) };
  } catch {
    return undefined;
  }
}

function invalidArgs(hint: string) {
  return json(wxError(40097, `invalid args hint: [${hint}]`));
}

export const getwxacodeunlimit: Endpoint = {
  method: 'POST',
  handle(req, state) {
    const bad = tokenError(req, state);
    if (bad) return json(bad);
    const b = objectBody(req);
    if (isWechatError(b)) return json(b);

    const scene = b.scene;
    if (typeof scene !== 'string' || !SCENE_PATTERN.test(scene)) {
      return invalidArgs("scene must be 1-32 characters of 0-9A-Za-z!#$&'()*+,/:;=?@-._~");
    }
    const width = b.width ?? 430;
    if (typeof width !== 'number' || !Number.isInteger(width) || width < 280 || width > 1280) {
      return invalidArgs('width must be an integer 280-1280');
    }
    const env = b.env_version ?? 'release';
    if (typeof env !== 'string' || !ENV_VERSIONS.includes(env)) {
      return invalidArgs('env_version must be release, trial or develop');
    }
    const checkPath = b.check_path ?? true;
    if (typeof checkPath !== 'boolean') return invalidArgs('check_path must be a boolean');
    const page = b.page ?? state.homePage();
    if (typeof page !== 'string' || page === '' || page.startsWith('/') || page.includes('?')) {
      return json(
        wxError(
          41030,
          'invalid page hint: [page is a path like pages/index/index, no leading slash, no query]'
        )
      );
    }
    const pages = state.pages();
    if (checkPath && pages && !pages.includes(page)) return json(wxError(41030));

    const payload = wxacodePayload(state.qrPayloadBase, page, scene);
    const data = qrPng(payload, width);
    return { kind: 'image', status: 200, contentType: 'image/png', data, payload };
  }
};
