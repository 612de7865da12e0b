/**
 * WeChat sandbox: a local server speaking the protocol of https://api.weixin.qq.com
 * (jscode2session, stable_token, getuserphonenumber, getwxacodeunlimit, subscribe/send),
 * optionally WeChat Pay API v3 (https://api.mch.weixin.qq.com, `/v3/...`),
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
export {
  PayState,
  REFUND_SETTLE_MS,
  NOTIFY_RETRY_SCHEDULE_MS,
  REQUEST_TIME_WINDOW_S,
  PREPAY_TTL_MS,
  PAY_ERRORS,
  type PayConfigView,
  type PayErrorCode,
  type ActivePayFault,
  type NotificationAttempt,
  type NotificationPurpose,
  type NotificationRecord,
  type NotificationStatus,
  type PayFaultKind,
  type PayFaultSpec,
  type PayMode,
  type PayOptions,
  type Refund,
  type RefundOutcome,
  type RefundStatus,
  type Trade,
  type TradeState
} from './pay';
