/** POST /cgi-bin/stable_token {grant_type: "client_credential", appid, secret, force_refresh?} */
import { wxError } from '../errors';
import { type Endpoint, isWechatError, json, objectBody } from './common';

export const stableToken: Endpoint = {
  method: 'POST',
  handle(req, state) {
    const b = objectBody(req);
    if (isWechatError(b)) return json(b);
    if (b.grant_type !== 'client_credential') return json(wxError(40002));
    if (!b.appid) return json(wxError(41002));
    if (b.appid !== state.appid) return json(wxError(40013));
    if (!b.secret) return json(wxError(41004));
    if (b.secret !== state.secret) return json(wxError(40125));
    if (b.force_refresh !== undefined && typeof b.force_refresh !== 'boolean') {
      return json(wxError(47001, 'data format error hint: [force_refresh must be a boolean]'));
    }
    return json(state.stableToken(b.force_refresh === true));
  }
};
