/** The HTTP side: routes protocol paths to endpoints (applying scripted faults) and `/__sandbox/*` to control. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleControl } from './control';
import { ENDPOINTS, type ProtocolRequest } from './endpoints';
import { wxError } from './errors';
import { BodyTooLarge, firstValues, parseJson, readBody, sendBytes, sendJson } from './http';
import { handlePayControl } from './pay/control';
import { handlePayCall } from './pay/handle';
import { SandboxState } from './state';
import type { CallAnswer, CallRecord, SandboxOptions } from './types';

export interface RunningSandbox {
  /** Base URL to use instead of https://api.weixin.qq.com, e.g. http://127.0.0.1:9301 (no trailing slash). */
  url: string;
  /** In-process control: the same operations as the `/__sandbox/*` endpoints. */
  state: SandboxState;
  /** Closes the server, dropping open connections and calls still waiting in a delay fault. */
  stop(): Promise<void>;
}

const HTML_5XX = (status: number) =>
  `<html><head><title>${status}</title></head><body><center><h1>${status}</h1></center><hr><center>sandbox</center></body></html>`;

export async function startWechatSandbox(opts: SandboxOptions): Promise<RunningSandbox> {
  const state = new SandboxState(opts);
  const log = opts.logger;
  const waits = new Set<() => void>();

  /** Resolves true after ms, or false when the sandbox stops first. */
  function sleep(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const cancel = () => {
        clearTimeout(timer);
        waits.delete(cancel);
        resolve(false);
      };
      const timer = setTimeout(() => {
        waits.delete(cancel);
        resolve(true);
      }, ms);
      waits.add(cancel);
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const at = state.now();
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const path = url.pathname;
    const query = firstValues(url.searchParams);
    let raw: Buffer;
    try {
      raw = await readBody(req);
    } catch (err) {
      if (err instanceof BodyTooLarge && !res.headersSent)
        sendJson(res, 413, { errcode: 47001, errmsg: 'data format error hint: [body too large]' });
      return;
    }
    const parsed = parseJson(raw);

    if (path === '/__sandbox' || path.startsWith('/__sandbox/')) {
      if (parsed.invalid) return sendJson(res, 400, { error: 'body is not JSON' });
      const a =
        path === '/__sandbox/pay' || path.startsWith('/__sandbox/pay/')
          ? await handlePayControl(method, path, query, parsed.value, state.pay)
          : handleControl(method, path, query, parsed.value, state);
      return sendJson(res, a.status, a.body);
    }

    const finish = (status: number, answer: CallAnswer, fault?: CallRecord['fault']) => {
      state.recordCall({
        at,
        method,
        path,
        query,
        body: parsed.value,
        status,
        answer,
        ...(fault ? { fault } : {}),
        durationMs: Date.now() - started
      });
      if (log) {
        const code =
          answer.kind === 'json' &&
          typeof answer.body === 'object' &&
          answer.body !== null &&
          'errcode' in answer.body
            ? ` errcode=${String(answer.body.errcode)}`
            : '';
        log(`${method} ${path} -> ${status}${code}${fault ? ` (fault: ${fault})` : ''}`);
      }
    };
    const answerJson = (status: number, body: object, fault?: CallRecord['fault']) => {
      sendJson(res, status, body);
      finish(status, { kind: 'json', body }, fault);
    };

    if (path.startsWith('/v3/')) {
      if (!state.pay)
        return answerJson(404, { code: 'NOT_FOUND', message: 'this sandbox was started without pay' });
      const authorization = req.headers.authorization;
      const target = req.url ?? path;
      const request = {
        method,
        target,
        path,
        query,
        authorization,
        raw,
        body: parsed.value,
        bodyInvalid: parsed.invalid
      };
      const answer = handlePayCall(request, state.pay);
      if (answer.delayMs !== undefined && !(await sleep(answer.delayMs))) return;
      if (!res.destroyed) {
        res.writeHead(answer.status, { ...answer.headers, 'content-length': Buffer.byteLength(answer.text) });
        res.end(answer.text);
      }
      return finish(
        answer.status,
        answer.body ? { kind: 'json', body: answer.body } : { kind: 'text', body: '' },
        answer.fault
      );
    }

    const endpoint = ENDPOINTS[path];
    if (!endpoint) return answerJson(404, wxError(40066, 'invalid url'));
    if (method !== endpoint.method)
      return answerJson(200, wxError(endpoint.method === 'GET' ? 43001 : 43002));

    const fault = state.takeFault(path);
    if (fault?.mode === 'errcode') return answerJson(200, wxError(fault.errcode, fault.errmsg), 'errcode');
    if (fault?.mode === 'http5xx') {
      const body = HTML_5XX(fault.status);
      sendBytes(res, fault.status, 'text/html; charset=utf-8', body);
      return finish(fault.status, { kind: 'text', body }, 'http5xx');
    }
    if (fault?.mode === 'delay' && !(await sleep(fault.delayMs))) return;

    const preq: ProtocolRequest = { method, path, query, body: parsed.value, bodyInvalid: parsed.invalid };
    const answer = await endpoint.handle(preq, state);
    const faultMode = fault ? fault.mode : undefined;
    if (answer.kind === 'json') return answerJson(answer.status, answer.body, faultMode);
    if (res.destroyed) {
      finish(
        answer.status,
        {
          kind: 'image',
          contentType: answer.contentType,
          bytes: answer.data.length,
          payload: answer.payload
        },
        faultMode
      );
      return;
    }
    sendBytes(res, answer.status, answer.contentType, answer.data);
    finish(
      answer.status,
      { kind: 'image', contentType: answer.contentType, bytes: answer.data.length, payload: answer.payload },
      faultMode
    );
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log?.(`sandbox error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      if (!res.headersSent) sendJson(res, 500, wxError(-1));
      else res.destroy();
    });
  });

  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const shownHost =
    host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const url = `http://${shownHost}:${port}`;

  let stopped: Promise<void> | undefined;
  return {
    url,
    state,
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        for (const cancel of [...waits]) cancel();
        state.pay?.stop();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopped;
    }
  };
}
