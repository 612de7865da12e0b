/**
 * WeChat sandbox: a local server speaking the protocol of https://api.weixin.qq.com
 * (jscode2session, stable_token, getuserphonenumber, getwxacodeunlimit, subscribe/send)
 * plus `/__sandbox/*` control endpoints. See README.md in this folder.
 */
export { startWechatSandbox, type RunningSandbox } from './server';
export {
  SandboxState,
  type PhoneInfo,
  type SandboxConfig,
  type SandboxConfigPatch,
  CODE_TTL_MS,
  TOKEN_TTL_S,
  TOKEN_EARLY_REFRESH_S,
  FORCE_REFRESH_GAP_MS,
  FORCE_REFRESH_PER_DAY,
  LOGIN_LIMIT_PER_MINUTE
} from './state';
export { SandboxControlError, ERRMSG } from './errors';
export {
  checkKeywordValue,
  keywordType,
  KEYWORD_TYPES,
  type KeywordProblem,
  type KeywordType
} from './keywords';
export { SCENE_PATTERN, parseWxacodePayload, wxacodePayload } from './endpoints/getwxacodeunlimit';
export { scanWxacode } from './scan';
export type {
  ActiveFault,
  CallAnswer,
  CallRecord,
  FaultMode,
  FaultSpec,
  Logger,
  RecordedMessage,
  SandboxOptions,
  SandboxUser,
  SubscribeData,
  UserInit,
  WechatError
} from './types';
