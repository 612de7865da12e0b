import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import {
  CODE_TTL_MS,
  FORCE_REFRESH_GAP_MS,
  type RunningSandbox,
  TOKEN_TTL_S,
  parseWxacodePayload,
  scanWxacode,
  startWechatSandbox
} from '../../scripts/wechat-sandbox';

const APPID = 'wxtest0000000001';
const SECRET = 'test-secret';
const TEMPLATES = {
  TPL_CARE: ['thing1', 'time2', 'thing3'],
  TPL_DUE: ['car_number1', 'date2', 'phone_number3']
};
const PAGES = ['pages/index/index', 'pages/bind/index', 'pages/care/detail'];

let sb: RunningSandbox;

beforeAll(async () => {
  sb = await startWechatSandbox({ appid: APPID, secret: SECRET, templates: TEMPLATES, pages: PAGES });
});
afterAll(async () => {
  await sb.stop();
});
beforeEach(() => sb.state.reset());

type Json = Record<string, unknown>;

async function getJson(path: string, query: Record<string, string> = {}): Promise<Json> {
  const res = await fetch(`${sb.url}${path}?${new URLSearchParams(query)}`);
  return (await res.json()) as Json;
}

async function postJson(path: string, body: unknown, query: Record<string, string> = {}): Promise<Json> {
  const res = await fetch(`${sb.url}${path}?${new URLSearchParams(query)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body)
  });
  return (await res.json()) as Json;
}

const login = (jsCode: string, over: Record<string, string> = {}) =>
  getJson('/sns/jscode2session', {
    appid: APPID,
    secret: SECRET,
    js_code: jsCode,
    grant_type: 'authorization_code',
    ...over
  });

const stableToken = (over: Json = {}) =>
  postJson('/cgi-bin/stable_token', {
    grant_type: 'client_credential',
    appid: APPID,
    secret: SECRET,
    ...over
  });

async function token(): Promise<string> {
  const t = await stableToken();
  return t.access_token as string;
}

describe('jscode2session', () => {
  it('answers openid and session_key for a code minted over HTTP, once', async () => {
    const minted = (await postJson('/__sandbox/login-code', {})) as { code: string; openid: string };
    expect(minted.openid).toMatch(/^o[\w-]{27}$/);
    const first = await login(minted.code);
    expect(first).toEqual({
      openid: minted.openid,
      session_key: expect.stringMatching(/^[A-Za-z0-9+/]{22}==$/)
    });
    expect(first).not.toHaveProperty('errcode');
    const again = await login(minted.code);
    expect(again.errcode).toBe(40163);
    expect(again.errmsg).toMatch(/^code been used, rid: /);
  });

  it('includes unionid when the user has one and keeps the openid of an existing user', async () => {
    const { code } = sb.state.mintLoginCode({ openid: 'o-owner-1', unionid: 'u-owner-1' });
    expect(await login(code)).toMatchObject({ openid: 'o-owner-1', unionid: 'u-owner-1' });
    const second = sb.state.mintLoginCode({ openid: 'o-owner-1' });
    expect(await login(second.code)).toMatchObject({ openid: 'o-owner-1', unionid: 'u-owner-1' });
  });

  it('rejects unknown and expired codes with 40029', async () => {
    expect((await login('no-such-code')).errcode).toBe(40029);
    const { code } = sb.state.mintLoginCode();
    sb.state.advanceClock(CODE_TTL_MS + 1000);
    expect((await login(code)).errcode).toBe(40029);
  });

  it('checks appid, secret, grant_type, js_code and method', async () => {
    const { code } = sb.state.mintLoginCode();
    expect((await login(code, { secret: 'wrong' })).errcode).toBe(40125);
    expect((await login(code, { appid: 'wxother' })).errcode).toBe(40013);
    expect((await login(code, { grant_type: 'client_credential' })).errcode).toBe(40002);
    expect((await login('', {})).errcode).toBe(41008);
    expect(
      (
        await postJson(
          '/sns/jscode2session',
          {},
          { appid: APPID, secret: SECRET, js_code: code, grant_type: 'authorization_code' }
        )
      ).errcode
    ).toBe(43001);
    // none of these spent the code
    expect((await login(code)).openid).toBeDefined();
  });

  it('blocks high-risk users with 40226', async () => {
    const { code } = sb.state.mintLoginCode({ highRisk: true });
    expect((await login(code)).errcode).toBe(40226);
  });

  it('limits a user to 100 calls a minute (45011)', async () => {
    const codes = Array.from({ length: 101 }, () => sb.state.mintLoginCode({ openid: 'o-busy' }).code);
    for (const c of codes.slice(0, 100)) expect((await login(c)).openid).toBe('o-busy');
    expect((await login(codes[100])).errcode).toBe(45011);
    sb.state.advanceClock(61_000);
    expect((await login(codes[100])).openid).toBe('o-busy');
  });
});

describe('stable_token', () => {
  it('returns the same token while valid, with the remaining lifetime', async () => {
    const a = await stableToken();
    expect(a).toEqual({ access_token: expect.any(String), expires_in: TOKEN_TTL_S });
    sb.state.advanceClock(1000_000);
    const b = await stableToken();
    expect(b.access_token).toBe(a.access_token);
    expect(b.expires_in).toBeGreaterThanOrEqual(TOKEN_TTL_S - 1001);
    expect(b.expires_in).toBeLessThanOrEqual(TOKEN_TTL_S - 1000);
  });

  it('issues a new token in the last 5 minutes; the old one works until it expires, then 42001', async () => {
    const a = (await stableToken()).access_token as string;
    sb.state.advanceClock((TOKEN_TTL_S - 200) * 1000);
    const b = (await stableToken()).access_token as string;
    expect(b).not.toBe(a);
    expect(
      (await postJson('/wxa/business/getuserphonenumber', { code: 'x' }, { access_token: a })).errcode
    ).toBe(40029); // token accepted
    sb.state.advanceClock(201_000);
    expect(
      (await postJson('/wxa/business/getuserphonenumber', { code: 'x' }, { access_token: a })).errcode
    ).toBe(42001);
    expect(
      (await postJson('/wxa/business/getuserphonenumber', { code: 'x' }, { access_token: b })).errcode
    ).toBe(40029);
  });

  it('force_refresh issues a new token, invalidates the old one, and is limited (45009)', async () => {
    const a = (await stableToken()).access_token as string;
    const b = (await stableToken({ force_refresh: true })).access_token as string;
    expect(b).not.toBe(a);
    expect(
      (await postJson('/wxa/business/getuserphonenumber', { code: 'x' }, { access_token: a })).errcode
    ).toBe(40001);
    expect((await stableToken({ force_refresh: true })).errcode).toBe(45009); // < 30 s apart
    expect((await stableToken()).access_token).toBe(b); // normal mode unaffected
    let granted = 1;
    for (;;) {
      sb.state.advanceClock(FORCE_REFRESH_GAP_MS);
      const r = await stableToken({ force_refresh: true });
      if (r.errcode !== undefined) {
        expect(r.errcode).toBe(45009);
        break;
      }
      granted++;
      if (granted > 30) throw new Error('no daily limit');
    }
    expect(granted).toBe(20);
  });

  it('checks credentials and body', async () => {
    expect((await stableToken({ secret: 'nope' })).errcode).toBe(40125);
    expect((await stableToken({ appid: 'wxother' })).errcode).toBe(40013);
    expect((await stableToken({ grant_type: 'authorization_code' })).errcode).toBe(40002);
    const res = await fetch(`${sb.url}/cgi-bin/stable_token`, { method: 'POST', body: '{not json' });
    expect(((await res.json()) as Json).errcode).toBe(47001);
    expect((await getJson('/cgi-bin/stable_token')).errcode).toBe(43002);
  });

  it('endpoints reject missing (41001), unknown (40001) and revoked tokens', async () => {
    expect((await postJson('/wxa/business/getuserphonenumber', { code: 'x' })).errcode).toBe(41001);
    expect(
      (await postJson('/wxa/business/getuserphonenumber', { code: 'x' }, { access_token: 'forged' })).errcode
    ).toBe(40001);
    const t = await token();
    sb.state.revokeAccessTokens();
    expect(
      (await postJson('/wxa/business/getuserphonenumber', { code: 'x' }, { access_token: t })).errcode
    ).toBe(40001);
    const fresh = await token();
    expect(fresh).not.toBe(t);
  });
});

describe('getuserphonenumber', () => {
  it('answers phone_info once per code', async () => {
    const t = await token();
    const { code } = (await postJson('/__sandbox/phone-code', { phoneNumber: '13800138000' })) as {
      code: string;
    };
    const ok = await postJson('/wxa/business/getuserphonenumber', { code }, { access_token: t });
    expect(ok).toEqual({
      errcode: 0,
      errmsg: 'ok',
      phone_info: {
        phoneNumber: '13800138000',
        purePhoneNumber: '13800138000',
        countryCode: '86',
        watermark: { timestamp: expect.any(Number), appid: APPID }
      }
    });
    expect(
      Math.abs(
        (ok.phone_info as { watermark: { timestamp: number } }).watermark.timestamp - Date.now() / 1000
      )
    ).toBeLessThan(5);
    expect((await postJson('/wxa/business/getuserphonenumber', { code }, { access_token: t })).errcode).toBe(
      40029
    );
  });

  it('rejects unknown and expired codes; shows the country code of foreign numbers', async () => {
    const t = await token();
    expect(
      (await postJson('/wxa/business/getuserphonenumber', { code: 'bad' }, { access_token: t })).errcode
    ).toBe(40029);
    expect((await postJson('/wxa/business/getuserphonenumber', {}, { access_token: t })).errcode).toBe(40029);
    const old = sb.state.mintPhoneCode({ phoneNumber: '13900000000' });
    const hk = sb.state.mintPhoneCode({ phoneNumber: '51234567', countryCode: '852', openid: 'o-hk' });
    expect(sb.state.user('o-hk')?.phoneNumber).toBe('51234567');
    sb.state.advanceClock(CODE_TTL_MS + 1);
    const t2 = await token();
    expect(
      (await postJson('/wxa/business/getuserphonenumber', { code: old.code }, { access_token: t2 })).errcode
    ).toBe(40029);
    expect(
      (await postJson('/wxa/business/getuserphonenumber', { code: hk.code }, { access_token: t2 })).errcode
    ).toBe(40029);
    const hk2 = sb.state.mintPhoneCode({ phoneNumber: '51234567', countryCode: '852' });
    const r = await postJson('/wxa/business/getuserphonenumber', { code: hk2.code }, { access_token: t2 });
    expect(r.phone_info).toMatchObject({
      phoneNumber: '+85251234567',
      purePhoneNumber: '51234567',
      countryCode: '852'
    });
  });

  it('refuses a malformed phone number at the control endpoint', async () => {
    const res = await fetch(`${sb.url}/__sandbox/phone-code`, {
      method: 'POST',
      body: JSON.stringify({ phoneNumber: '12ab' })
    });
    expect(res.status).toBe(400);
  });
});

describe('getwxacodeunlimit', () => {
  async function wxacode(body: Json) {
    const t = await token();
    return fetch(`${sb.url}/wxa/getwxacodeunlimit?access_token=${t}`, {
      method: 'POST',
      body: JSON.stringify(body)
    });
  }

  function decode(buf: Buffer): { text: string; width: number } {
    const png = PNG.sync.read(buf);
    const qr = jsQR(
      new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length),
      png.width,
      png.height
    );
    if (!qr) throw new Error('no QR code found');
    return { text: qr.data, width: png.width };
  }

  it('returns a PNG QR code that decodes to page and scene', async () => {
    const scene = "d=D0001&a=A12!#$'()*+,/:;?@-._~";
    const res = await wxacode({ scene, page: 'pages/bind/index', width: 300, env_version: 'trial' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const buf = Buffer.from(await res.arrayBuffer());
    const { text, width } = decode(buf);
    expect(width).toBe(300);
    expect(text).toBe(`wxacode://${APPID}/pages/bind/index?scene=${encodeURIComponent(scene)}`);
    expect(parseWxacodePayload(text)).toEqual({ page: 'pages/bind/index', scene });
    expect(scanWxacode(buf)).toEqual({ payload: text, page: 'pages/bind/index', scene });
    const call = sb.state.calls({ path: '/wxa/getwxacodeunlimit' }).at(-1);
    expect(call?.answer).toEqual({
      kind: 'image',
      contentType: 'image/png',
      bytes: buf.length,
      payload: text
    });
  });

  it('defaults to the home page and width 430', async () => {
    const res = await wxacode({ scene: 'abc' });
    const { text, width } = decode(Buffer.from(await res.arrayBuffer()));
    expect(width).toBe(430);
    expect(parseWxacodePayload(text)).toEqual({ page: 'pages/index/index', scene: 'abc' });
  });

  it.each([
    ['too long', { scene: 'a'.repeat(33) }],
    ['empty', { scene: '' }],
    ['missing', {}],
    ['percent', { scene: 'a%20b' }],
    ['Chinese', { scene: '经销商' }],
    ['space', { scene: 'a b' }],
    ['width too small', { scene: 'a', width: 279 }],
    ['width too large', { scene: 'a', width: 1281 }],
    ['env_version', { scene: 'a', env_version: 'prod' }]
  ])('answers 40097 JSON for a bad argument (%s)', async (_name, body) => {
    const res = await wxacode(body);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const j = (await res.json()) as Json;
    expect(j.errcode).toBe(40097);
    expect(j.errmsg).toMatch(/^invalid args/);
  });

  it('accepts a 32-character scene and the width bounds; the smallest code still decodes', async () => {
    const scene = "&=?/:;,+*)('$#!@~._-&=?/:;,+*)('";
    expect(scene).toHaveLength(32);
    for (const width of [280, 1280]) {
      const res = await wxacode({ scene, page: 'pages/care/detail', width });
      expect(res.headers.get('content-type')).toBe('image/png');
      const buf = Buffer.from(await res.arrayBuffer());
      if (width === 280) expect(scanWxacode(buf)).toMatchObject({ page: 'pages/care/detail', scene });
      else expect(PNG.sync.read(buf).width).toBe(1280);
    }
  });

  it('checks the page against the released pages unless check_path is false (41030)', async () => {
    const bad = await wxacode({ scene: 'a', page: 'pages/unknown/index' });
    expect(((await bad.json()) as Json).errcode).toBe(41030);
    const slash = await wxacode({ scene: 'a', page: '/pages/bind/index' });
    expect(((await slash.json()) as Json).errcode).toBe(41030);
    const unchecked = await wxacode({
      scene: 'a',
      page: 'pages/unknown/index',
      check_path: false,
      env_version: 'develop'
    });
    expect(unchecked.headers.get('content-type')).toBe('image/png');
    await unchecked.arrayBuffer();
  });

  it('requires a valid access_token', async () => {
    const res = await fetch(`${sb.url}/wxa/getwxacodeunlimit?access_token=forged`, {
      method: 'POST',
      body: JSON.stringify({ scene: 'a' })
    });
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await res.json()) as Json).errcode).toBe(40001);
  });
});

describe('subscribe/send', () => {
  const careData = {
    thing1: { value: '保养提醒' },
    time2: { value: '2025年10月1日 15:01' },
    thing3: { value: '请按时到店' }
  };
  async function send(body: Json, accessToken?: string) {
    return postJson('/cgi-bin/message/subscribe/send', body, {
      access_token: accessToken ?? (await token())
    });
  }
  const careMsg = (over: Json = {}): Json => ({
    touser: 'o-owner',
    template_id: 'TPL_CARE',
    page: 'pages/care/detail?id=7',
    data: careData,
    miniprogram_state: 'formal',
    lang: 'zh_CN',
    ...over
  });

  it('sends with a granted quota, records the message and spends the quota', async () => {
    const granted = await postJson('/__sandbox/subscribe', {
      openid: 'o-owner',
      templateIds: ['TPL_CARE', 'TPL_DUE']
    });
    expect(granted).toEqual({ openid: 'o-owner', quotas: { TPL_CARE: 1, TPL_DUE: 1 } });
    const r = await send(careMsg());
    expect(r).toEqual({ errcode: 0, errmsg: 'ok', msgid: expect.any(Number) });
    expect(sb.state.quota('o-owner', 'TPL_CARE')).toBe(0);
    expect(sb.state.quota('o-owner', 'TPL_DUE')).toBe(1);
    const again = await send(careMsg());
    expect(again.errcode).toBe(43101);

    const listed = (await getJson('/__sandbox/messages', { touser: 'o-owner' })) as { messages: Json[] };
    expect(listed.messages).toEqual([
      {
        msgid: r.msgid,
        touser: 'o-owner',
        template_id: 'TPL_CARE',
        page: 'pages/care/detail?id=7',
        data: careData,
        miniprogram_state: 'formal',
        lang: 'zh_CN',
        sentAt: expect.any(Number)
      }
    ]);
    expect(
      ((await getJson('/__sandbox/messages', { touser: 'o-other' })) as { messages: Json[] }).messages
    ).toEqual([]);
    expect(await getJson('/__sandbox/quotas', { openid: 'o-owner' })).toEqual({
      openid: 'o-owner',
      quotas: { TPL_CARE: 0, TPL_DUE: 1 }
    });

    await fetch(`${sb.url}/__sandbox/messages`, { method: 'DELETE' });
    expect(sb.state.messages()).toEqual([]);
  });

  it('counts several accepts', async () => {
    sb.state.grantSubscription('o-owner', ['TPL_CARE']);
    sb.state.grantSubscription('o-owner', ['TPL_CARE']);
    const t = await token();
    expect((await send(careMsg(), t)).errcode).toBe(0);
    expect((await send(careMsg(), t)).errcode).toBe(0);
    expect((await send(careMsg(), t)).errcode).toBe(43101);
  });

  it('rejects unknown openid (40003) and template (40037)', async () => {
    sb.state.grantSubscription('o-owner', ['TPL_CARE']);
    expect((await send(careMsg({ touser: 'o-nobody' }))).errcode).toBe(40003);
    expect((await send(careMsg({ template_id: 'TPL_NOPE' }))).errcode).toBe(40037);
    expect(sb.state.quota('o-owner', 'TPL_CARE')).toBe(1);
  });

  it.each([
    ['thing1', 'x'.repeat(21), 'exceeds limit'],
    ['thing1', '保'.repeat(21), 'exceeds limit'],
    ['thing3', '第一行\n第二行', 'contains invalid character'],
    ['thing3', '', 'is empty'],
    ['time2', '明天下午', 'invalid'],
    ['time2', '2025年13月1日 15:01', 'invalid']
  ])('names the field of a bad keyword value (%s = %j) with 47003', async (key, value, problem) => {
    sb.state.grantSubscription('o-owner', ['TPL_CARE']);
    const data = { ...careData, [key]: { value } };
    const r = await send(careMsg({ data }));
    expect(r.errcode).toBe(47003);
    expect(r.errmsg).toContain(`argument invalid! data.${key}.value ${problem}`);
    expect(sb.state.quota('o-owner', 'TPL_CARE')).toBe(1);
    expect(sb.state.messages()).toEqual([]);
  });

  it('requires every keyword and no others', async () => {
    sb.state.grantSubscription('o-owner', ['TPL_CARE']);
    const { thing3: _omit, ...partial } = careData;
    expect((await send(careMsg({ data: partial }))).errmsg).toContain('data.thing3.value is empty');
    expect((await send(careMsg({ data: { ...careData, thing9: { value: 'x' } } }))).errmsg).toContain(
      'data.thing9'
    );
    expect((await send(careMsg({ data: { ...careData, thing1: 'not an object' } }))).errmsg).toContain(
      'data.thing1.value is empty'
    );
  });

  it('checks the other keyword types of a template', async () => {
    sb.state.grantSubscription('o-owner', ['TPL_DUE'], 2);
    const due = (over: Json) =>
      careMsg({
        template_id: 'TPL_DUE',
        page: undefined,
        data: {
          car_number1: { value: '粤A8Z888' },
          date2: { value: '2025年10月1日' },
          phone_number3: { value: '020-12345678' },
          ...over
        }
      });
    expect((await send(due({}))).errcode).toBe(0);
    const r = await send(due({ car_number1: { value: '粤A8Z888888' } }));
    expect(r.errmsg).toContain('data.car_number1.value exceeds limit');
    const p = await send(due({ phone_number3: { value: '+86-020-1234567890' } }));
    expect(p.errmsg).toContain('data.phone_number3.value exceeds limit');
  });

  it('checks page (41030), miniprogram_state and lang (40097)', async () => {
    sb.state.grantSubscription('o-owner', ['TPL_CARE']);
    expect((await send(careMsg({ page: 'pages/gone/index' }))).errcode).toBe(41030);
    expect((await send(careMsg({ miniprogram_state: 'production' }))).errcode).toBe(40097);
    expect((await send(careMsg({ lang: 'fr' }))).errcode).toBe(40097);
    const { page: _p, miniprogram_state: _s, lang: _l, ...minimal } = careMsg();
    expect((await send(minimal)).errcode).toBe(0);
    expect(sb.state.messages()[0]).toMatchObject({ miniprogram_state: 'formal', lang: 'zh_CN' });
    expect(sb.state.messages()[0]).not.toHaveProperty('page');
  });

  it('requires a valid token', async () => {
    expect((await send(careMsg(), 'forged')).errcode).toBe(40001);
    const t = await token();
    sb.state.advanceClock(TOKEN_TTL_S * 1000);
    expect((await send(careMsg(), t)).errcode).toBe(42001);
  });

  it('enforces the rate per second with 45009, over HTTP config as well', async () => {
    sb.state.grantSubscription('o-owner', ['TPL_CARE'], 20);
    const t = await token();
    sb.state.setRatePerSecond(5);
    const results = await Promise.all(Array.from({ length: 8 }, () => send(careMsg(), t)));
    const codes = results.map((r) => r.errcode).sort((a, b) => Number(a) - Number(b));
    expect(codes).toEqual([0, 0, 0, 0, 0, 45009, 45009, 45009]);
    expect(sb.state.quota('o-owner', 'TPL_CARE')).toBe(15);
    sb.state.advanceClock(1000);
    expect((await send(careMsg(), t)).errcode).toBe(0);
    await postJson('/__sandbox/config', { ratePerSecond: null });
    const more = await Promise.all(Array.from({ length: 8 }, () => send(careMsg(), t)));
    expect(more.every((r) => r.errcode === 0)).toBe(true);
  });

  it('refuses a grant for an unknown template at the control endpoint', async () => {
    const res = await fetch(`${sb.url}/__sandbox/subscribe`, {
      method: 'POST',
      body: JSON.stringify({ openid: 'o-owner', templateIds: ['TPL_NOPE'] })
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as Json).error).toContain('TPL_NOPE');
  });
});

describe('faults', () => {
  it('answers a scripted errcode for the next N calls only, without spending the code', async () => {
    await postJson('/__sandbox/faults', {
      path: '/sns/jscode2session',
      mode: 'errcode',
      errcode: -1,
      times: 2
    });
    const { code } = sb.state.mintLoginCode();
    const a = await login(code);
    const b = await login(code);
    expect([a.errcode, b.errcode]).toEqual([-1, -1]);
    expect(a.errmsg).toMatch(/^system error/);
    expect((await login(code)).openid).toBeDefined();
    expect(sb.state.faults()).toEqual([]);
  });

  it('answers HTTP 5xx for the next N calls', async () => {
    sb.state.addFault({ path: '/cgi-bin/stable_token', mode: 'http5xx', status: 503 });
    const body = JSON.stringify({ grant_type: 'client_credential', appid: APPID, secret: SECRET });
    const res = await fetch(`${sb.url}/cgi-bin/stable_token`, { method: 'POST', body });
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    await res.text();
    const ok = await fetch(`${sb.url}/cgi-bin/stable_token`, { method: 'POST', body });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as Json).access_token).toBeDefined();
  });

  it('delays the next call past a client timeout; the delayed call is still processed', async () => {
    sb.state.addFault({ path: '/sns/jscode2session', mode: 'delay', delayMs: 400 });
    const { code } = sb.state.mintLoginCode();
    const q = new URLSearchParams({
      appid: APPID,
      secret: SECRET,
      js_code: code,
      grant_type: 'authorization_code'
    });
    await expect(
      fetch(`${sb.url}/sns/jscode2session?${q}`, { signal: AbortSignal.timeout(100) })
    ).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 500));
    // like the real service, WeChat used the code although the client gave up
    expect((await login(code)).errcode).toBe(40163);
    const started = Date.now();
    const fresh = sb.state.mintLoginCode();
    expect((await login(fresh.code)).openid).toBe(fresh.openid);
    expect(Date.now() - started).toBeLessThan(300);
    expect(sb.state.calls({ path: '/sns/jscode2session' })[0]).toMatchObject({
      fault: 'delay',
      durationMs: expect.any(Number)
    });
  });

  it('applies faults per path in order and can be cleared', async () => {
    sb.state.addFault({ path: '/cgi-bin/stable_token', mode: 'errcode', errcode: 45009 });
    sb.state.addFault({ path: '/cgi-bin/stable_token', mode: 'http5xx' });
    sb.state.addFault({ path: '/sns/jscode2session', mode: 'errcode' });
    expect((await stableToken()).errcode).toBe(45009);
    const res = await fetch(`${sb.url}/cgi-bin/stable_token`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(500);
    await res.text();
    expect(((await getJson('/__sandbox/faults')) as { faults: unknown[] }).faults).toHaveLength(1);
    await fetch(`${sb.url}/__sandbox/faults`, { method: 'DELETE' });
    const { code } = sb.state.mintLoginCode();
    expect((await login(code)).openid).toBeDefined();
  });

  it('rejects a malformed fault', async () => {
    const res = await fetch(`${sb.url}/__sandbox/faults`, {
      method: 'POST',
      body: JSON.stringify({ path: '/sns/jscode2session', mode: 'explode' })
    });
    expect(res.status).toBe(400);
    expect(() => sb.state.addFault({ path: 'sns/jscode2session', mode: 'errcode' })).toThrow();
  });
});

describe('call log and control', () => {
  it('logs protocol calls with query, body, status, answer and fault; not control calls', async () => {
    const { code } = sb.state.mintLoginCode();
    await login(code);
    await stableToken();
    sb.state.addFault({ path: '/cgi-bin/stable_token', mode: 'errcode', errcode: -1 });
    await stableToken();
    const { calls } = (await getJson('/__sandbox/calls')) as { calls: Json[] };
    expect(calls).toHaveLength(3);
    expect(calls[0]).toMatchObject({
      method: 'GET',
      path: '/sns/jscode2session',
      query: { js_code: code, appid: APPID },
      status: 200,
      answer: { kind: 'json', body: { openid: expect.any(String) } }
    });
    expect(calls[1]).toMatchObject({
      method: 'POST',
      path: '/cgi-bin/stable_token',
      body: { grant_type: 'client_credential' },
      answer: { body: { expires_in: 7200 } }
    });
    expect(calls[1]).not.toHaveProperty('fault');
    expect(calls[2]).toMatchObject({ fault: 'errcode', answer: { body: { errcode: -1 } } });
    expect(
      ((await getJson('/__sandbox/calls', { path: '/cgi-bin/stable_token' })) as { calls: Json[] }).calls
    ).toHaveLength(2);
    await fetch(`${sb.url}/__sandbox/calls`, { method: 'DELETE' });
    expect(sb.state.calls()).toEqual([]);
  });

  it('answers 404 for unknown paths, both protocol and control', async () => {
    const res = await fetch(`${sb.url}/cgi-bin/token?grant_type=client_credential`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as Json).errcode).toBe(40066);
    const ctl = await fetch(`${sb.url}/__sandbox/nothing`);
    expect(ctl.status).toBe(404);
    await ctl.text();
  });

  it('shows config, moves the clock, revokes tokens and resets over HTTP', async () => {
    expect(await getJson('/__sandbox')).toMatchObject({
      appid: APPID,
      templates: TEMPLATES,
      pages: PAGES,
      qrPayloadBase: `wxacode://${APPID}/`
    });
    const t = await token();
    const { code } = (await postJson('/__sandbox/login-code', { openid: 'o-x' })) as { code: string };
    await postJson('/__sandbox/clock', { advanceMs: CODE_TTL_MS + 1 });
    expect((await login(code)).errcode).toBe(40029);
    await postJson('/__sandbox/tokens/revoke', {});
    expect(
      (await postJson('/wxa/business/getuserphonenumber', { code: 'x' }, { access_token: t })).errcode
    ).toBe(40001);
    await postJson('/__sandbox/reset', {});
    expect(sb.state.user('o-x')).toBeUndefined();
    expect(sb.state.calls()).toEqual([]);
  });

  it('creates users with phone numbers and unionids', async () => {
    const u = await postJson('/__sandbox/users', {
      openid: 'o-seed',
      unionid: 'u-seed',
      phoneNumber: '13800000001'
    });
    expect(u).toEqual({ openid: 'o-seed', unionid: 'u-seed', phoneNumber: '13800000001', highRisk: false });
    expect(((await getJson('/__sandbox/users')) as { users: Json[] }).users).toHaveLength(1);
  });
});

describe('startWechatSandbox', () => {
  it('stops promptly while a call waits in a delay fault, and logs only through the logger', async () => {
    const lines: string[] = [];
    const own = await startWechatSandbox({
      appid: APPID,
      secret: SECRET,
      logger: (l) => lines.push(l),
      qrPayloadBase: 'http://localhost:10086/#/'
    });
    own.state.addFault({ path: '/cgi-bin/stable_token', mode: 'delay', delayMs: 60_000 });
    const pending = fetch(`${own.url}/cgi-bin/stable_token`, { method: 'POST', body: '{}' }).catch(
      (e: unknown) => e
    );
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    await own.stop();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await pending).toMatchObject({ message: expect.any(String) });
    expect(lines).toEqual([]);
  });

  it('uses a custom QR payload base and logs calls', async () => {
    const lines: string[] = [];
    const own = await startWechatSandbox({
      appid: APPID,
      secret: SECRET,
      logger: (l) => lines.push(l),
      qrPayloadBase: 'http://localhost:10086/#/'
    });
    try {
      const t = (await (
        await fetch(`${own.url}/cgi-bin/stable_token`, {
          method: 'POST',
          body: JSON.stringify({ grant_type: 'client_credential', appid: APPID, secret: SECRET })
        })
      ).json()) as Json;
      const res = await fetch(`${own.url}/wxa/getwxacodeunlimit?access_token=${String(t.access_token)}`, {
        method: 'POST',
        body: JSON.stringify({ scene: 'd=D1&a=A2', page: 'pages/bind/index' })
      });
      const scanned = scanWxacode(Buffer.from(await res.arrayBuffer()), 'http://localhost:10086/#/');
      expect(scanned).toEqual({
        payload: 'http://localhost:10086/#/pages/bind/index?scene=d%3DD1%26a%3DA2',
        page: 'pages/bind/index',
        scene: 'd=D1&a=A2'
      });
      expect(lines).toEqual(['POST /cgi-bin/stable_token -> 200', 'POST /wxa/getwxacodeunlimit -> 200']);
    } finally {
      await own.stop();
    }
  });

  it('refuses templates with unknown keyword types', async () => {
    await expect(
      startWechatSandbox({ appid: APPID, secret: SECRET, templates: { T: ['thing1', 'colour2'] } })
    ).rejects.toThrow(/colour2/);
  });
});
