/** GET /sns/jscode2session?appid&secret&js_code&grant_type=authorization_code */
import { wxError } from '../errors';
import { type Endpoint, isWechatError, json } from './common';

export const jscode2session: Endpoint = {
  method: 'GET',
  handle(req, state) {
    const q = req.query;
    if (!q.appid) return json(wxError(41002));
    if (q.appid !== state.appid) return json(wxError(40013));
    if (!q.secret) return json(wxError(41004));
    if (q.secret !== state.secret) return json(wxError(40125));
    if (q.grant_type !== 'authorization_code') return json(wxError(40002));
    if (!q.js_code) return json(wxError(41008));
    const user = state.redeemLoginCode(q.js_code);
    if (isWechatError(user)) return json(user);
    const body: { session_key: string; openid: string; unionid?: string } = {
      session_key: user.sessionKey ?? '',
      openid: user.openid
    };
    if (user.unionid) body.unionid = user.unionid;
    return json(body);
  }
};
