/** Public types of the WeChat sandbox (see README.md in this folder). */
import type { PayFaultKind, PayOptions } from './pay/types';

export type Logger = (line: string) => void;

export interface SandboxOptions {
  /** TCP port; 0 or omitted picks a free port. */
  port?: number;
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** The mini-program's AppID the protocol calls must carry. */
  appid: string;
  /** The AppSecret the protocol calls must carry. */
  secret: string;
  /** Subscribe-message templates: template id -> keyword names (`thing1`, `time2`, ...). */
  templates?: Record<string, string[]>;
  /**
   * Pages of the "released" mini-program (e.g. `pages/index/index`). When given,
   * getwxacodeunlimit with check_path (default true) and subscribe/send `page` must name one
   * of them (41030 otherwise). When omitted, pages are not checked. The first is the home page.
   */
  pages?: string[];
  /** Limit of subscribe/send calls per second (sliding window); 45009 beyond it. */
  ratePerSecond?: number;
  /**
   * Prefix of the text the QR code encodes; the text is
   * `${qrPayloadBase}${page}?scene=${encodeURIComponent(scene)}`.
   * Default `wxacode://${appid}/`.
   */
  qrPayloadBase?: string;
  /** Keep at most this many entries in the call log (oldest dropped); default 50,000. */
  maxCallLog?: number;
  /** Receives one line per protocol call; nothing is logged without it. */
  logger?: Logger;
  /** Also serve WeChat Pay API v3 (`/v3/...`) for this merchant; see README.md, "WeChat Pay". */
  pay?: PayOptions;
}

export interface WechatError {
  errcode: number;
  errmsg: string;
}

export type FaultMode = 'errcode' | 'http5xx' | 'delay';

export interface FaultSpec {
  /** Protocol path, e.g. `/sns/jscode2session` (no query). */
  path: string;
  mode: FaultMode;
  /** mode errcode: the errcode to answer (default -1, "system error"). */
  errcode?: number;
  /** mode errcode: the errmsg to answer (default derived from errcode). */
  errmsg?: string;
  /** mode http5xx: the HTTP status (500-599, default 500). */
  status?: number;
  /** mode delay: milliseconds to wait before answering normally (default 10,000). */
  delayMs?: number;
  /** How many of the next calls to that path get this answer (default 1). */
  times?: number;
}

export interface ActiveFault extends Required<Omit<FaultSpec, 'errmsg'>> {
  errmsg?: string;
  id: number;
  /** Calls still to be answered by this fault. */
  remaining: number;
}

export interface SandboxUser {
  openid: string;
  unionid?: string;
  phoneNumber?: string;
  /** jscode2session answers 40226 (high-risk user blocked) for this user. */
  highRisk: boolean;
  /** session_key from the latest jscode2session. */
  sessionKey?: string;
}

export interface UserInit {
  openid?: string;
  unionid?: string;
  phoneNumber?: string;
  highRisk?: boolean;
}

export interface SubscribeData {
  [keyword: string]: { value: string };
}

export interface RecordedMessage {
  msgid: number;
  touser: string;
  template_id: string;
  page?: string;
  data: SubscribeData;
  miniprogram_state: 'developer' | 'trial' | 'formal';
  lang: string;
  /** Sandbox clock, epoch milliseconds. */
  sentAt: number;
}

export type CallAnswer =
  | { kind: 'json'; body: unknown }
  | { kind: 'image'; contentType: string; bytes: number; payload: string }
  | { kind: 'text'; body: string };

export interface CallRecord {
  seq: number;
  /** Sandbox clock when the call arrived, epoch milliseconds. */
  at: number;
  method: string;
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body (undefined when none or not JSON). */
  body: unknown;
  status: number;
  answer: CallAnswer;
  /** Set when a scripted fault shaped this answer (pay faults by their kind). */
  fault?: FaultMode | PayFaultKind;
  durationMs: number;
}
