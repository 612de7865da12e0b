/** POST /wxa/business/getuserphonenumber?access_token=… {code} */
import { wxError } from '../errors';
import { type Endpoint, isWechatError, json, objectBody, tokenError } from './common';

export const getuserphonenumber: Endpoint = {
  method: 'POST',
  handle(req, state) {
    const bad = tokenError(req, state);
    if (bad) return json(bad);
    const b = objectBody(req);
    if (isWechatError(b)) return json(b);
    if (typeof b.code !== 'string' || b.code === '') return json(wxError(40029));
    const info = state.redeemPhoneCode(b.code);
    if (isWechatError(info)) return json(info);
    return json({
      errcode: 0,
      errmsg: 'ok',
      phone_info: { ...info, watermark: { timestamp: Math.floor(state.now() / 1000), appid: state.appid } }
    });
  }
};
