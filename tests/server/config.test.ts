import { ConfigError, loadConfig } from '../../server/src/config';

/** Settings are checked before the server starts: a bad one stops it with a message naming it. */
const production = {
  NODE_ENV: 'production',
  MONGODB_URI: 'mongodb://db.example:27017/dealer',
  WECHAT_APPID: 'wx1234567890abcdef',
  WECHAT_SECRET: 'a-real-looking-secret-0123456789'
};

const failure = (env: Record<string, string>): string => {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('loadConfig accepted the settings');
};

describe('production settings', () => {
  test('real WeChat credentials are accepted', () => {
    const config = loadConfig(production);
    expect(config.WECHAT_APPID).toBe(production.WECHAT_APPID);
  });

  test('the demo appid (left unset or given explicitly) stops the start, naming WECHAT_APPID', () => {
    const { WECHAT_APPID: _appid, ...unset } = production;
    expect(failure(unset)).toMatch(/WECHAT_APPID/);
    expect(failure({ ...production, WECHAT_APPID: 'wx-demo-appid' })).toMatch(/WECHAT_APPID/);
  });

  test('the demo secret stops the start, naming WECHAT_SECRET', () => {
    const { WECHAT_SECRET: _secret, ...unset } = production;
    const message = failure(unset);
    expect(message).toMatch(/WECHAT_SECRET/);
    expect(message).not.toMatch(/WECHAT_APPID/);
    expect(failure({ ...production, WECHAT_SECRET: 'demo-secret' })).toMatch(/WECHAT_SECRET/);
  });

  test('demo values stay fine outside production', () => {
    expect(loadConfig({ NODE_ENV: 'development', MONGODB_URI: production.MONGODB_URI }).WECHAT_APPID).toBe(
      'wx-demo-appid'
    );
  });

  test('TRUST_PROXY_HOPS must be a positive whole number', () => {
    expect(loadConfig({ ...production, TRUST_PROXY: 'true' }).TRUST_PROXY_HOPS).toBe(1);
    expect(loadConfig({ ...production, TRUST_PROXY: 'true', TRUST_PROXY_HOPS: '2' }).TRUST_PROXY_HOPS).toBe(
      2
    );
    expect(failure({ ...production, TRUST_PROXY_HOPS: '0' })).toMatch(/TRUST_PROXY_HOPS/);
  });
});
