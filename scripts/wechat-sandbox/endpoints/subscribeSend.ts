/**
 * POST /cgi-bin/message/subscribe/send?access_token=…
 * {touser, template_id, page?, data: {keyword: {value}}, miniprogram_state?, lang?}
 *
 * Checks, in order: token (41001/40001/42001), rate per second (45009), body (47001),
 * touser (40003), template_id (40037), page (41030, when pages are configured),
 * miniprogram_state / lang (40097), data (47003, errmsg names the field), quota (43101).
 * A refused call spends no quota; an accepted one spends one and is recorded.
 */
import { wxError } from '../errors';
import { checkKeywordValue, keywordType } from '../keywords';
import type { RecordedMessage, SubscribeData } from '../types';
import { type Endpoint, isRecord, isWechatError, json, objectBody, tokenError } from './common';

const STATES: readonly RecordedMessage['miniprogram_state'][] = ['developer', 'trial', 'formal'];
const LANGS = ['zh_CN', 'en_US', 'zh_HK', 'zh_TW'];

function dataError(detail: string) {
  return json(wxError(47003, `argument invalid! ${detail}`));
}

export const subscribeSend: Endpoint = {
  method: 'POST',
  handle(req, state) {
    const bad = tokenError(req, state);
    if (bad) return json(bad);
    if (!state.admitSend()) return json(wxError(45009, 'api freq out of limit'));
    const b = objectBody(req);
    if (isWechatError(b)) return json(b);

    if (typeof b.touser !== 'string' || !state.user(b.touser)) return json(wxError(40003));
    const touser = b.touser;
    const keywords = typeof b.template_id === 'string' ? state.templateKeywords(b.template_id) : undefined;
    if (!keywords || typeof b.template_id !== 'string') return json(wxError(40037));
    const templateId = b.template_id;

    let page: string | undefined;
    if (b.page !== undefined && b.page !== '') {
      if (typeof b.page !== 'string') return json(wxError(41030));
      page = b.page;
      const path = page.replace(/^\//, '').split('?')[0];
      const pages = state.pages();
      if (pages && !pages.includes(path)) return json(wxError(41030));
    }

    const mpState = b.miniprogram_state ?? 'formal';
    if (typeof mpState !== 'string' || !(STATES as readonly string[]).includes(mpState)) {
      return json(
        wxError(40097, 'invalid args hint: [miniprogram_state must be developer, trial or formal]')
      );
    }
    const lang = b.lang ?? 'zh_CN';
    if (typeof lang !== 'string' || !LANGS.includes(lang)) {
      return json(wxError(40097, 'invalid args hint: [lang must be zh_CN, en_US, zh_HK or zh_TW]'));
    }

    if (!isRecord(b.data)) return dataError('data is empty');
    const data: SubscribeData = {};
    for (const key of Object.keys(b.data)) {
      if (!keywords.includes(key)) return dataError(`data.${key} is not a keyword of template ${templateId}`);
    }
    for (const key of keywords) {
      const entry = b.data[key];
      const value = isRecord(entry) ? entry.value : undefined;
      const type = keywordType(key);
      const problem = type ? checkKeywordValue(type, value) : 'invalid';
      if (problem) return dataError(`data.${key}.value ${problem}`);
      data[key] = { value: value as string };
    }

    if (!state.spendQuota(touser, templateId)) return json(wxError(43101));
    const rec = state.recordMessage({
      touser,
      template_id: templateId,
      ...(page !== undefined ? { page } : {}),
      data,
      miniprogram_state: mpState as RecordedMessage['miniprogram_state'],
      lang
    });
    return json({ errcode: 0, errmsg: 'ok', msgid: rec.msgid });
  }
};
