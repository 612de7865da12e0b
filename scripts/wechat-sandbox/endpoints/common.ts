import { wxError } from '../errors';
import type { SandboxState } from '../state';
import type { WechatError } from '../types';

export interface ProtocolRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body; undefined when there is none. */
  body: unknown;
  /** True when a body was sent but is not JSON. */
  bodyInvalid: boolean;
}

export type ProtocolAnswer =
  | { kind: 'json'; status: number; body: object }
  | { kind: 'image'; status: number; contentType: string; data: Buffer; payload: string };

export interface Endpoint {
  method: 'GET' | 'POST';
  handle(req: ProtocolRequest, state: SandboxState): ProtocolAnswer | Promise<ProtocolAnswer>;
}

export function json(body: object, status = 200): ProtocolAnswer {
  return { kind: 'json', status, body };
}

export function isWechatError(v: unknown): v is WechatError {
  return typeof v === 'object' && v !== null && 'errcode' in v && 'errmsg' in v;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The JSON object body of a POST, or the 47001 answer when it is missing or not an object. */
export function objectBody(req: ProtocolRequest): Record<string, unknown> | WechatError {
  if (req.bodyInvalid || !isRecord(req.body)) return wxError(47001);
  return req.body;
}

/** 41001 / 40001 / 42001 for the `access_token` query parameter, or undefined when valid. */
export function tokenError(req: ProtocolRequest, state: SandboxState): WechatError | undefined {
  return state.checkAccessToken(req.query.access_token);
}
