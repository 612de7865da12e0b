import type { Endpoint } from './common';
import { getuserphonenumber } from './getuserphonenumber';
import { getwxacodeunlimit } from './getwxacodeunlimit';
import { jscode2session } from './jscode2session';
import { stableToken } from './stableToken';
import { subscribeSend } from './subscribeSend';

/** The protocol paths the sandbox answers, as on https://api.weixin.qq.com. */
export const ENDPOINTS: Readonly<Record<string, Endpoint>> = {
  '/sns/jscode2session': jscode2session,
  '/cgi-bin/stable_token': stableToken,
  '/wxa/business/getuserphonenumber': getuserphonenumber,
  '/wxa/getwxacodeunlimit': getwxacodeunlimit,
  '/cgi-bin/message/subscribe/send': subscribeSend
};

export type { Endpoint, ProtocolAnswer, ProtocolRequest } from './common';
