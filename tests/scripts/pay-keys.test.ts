import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate, createPublicKey, createSign, createVerify } from 'node:crypto';
import WxPay from 'wechatpay-node-v3';
import { PAY_KEY_FILES, type PayKeys, ensureDemoPayKeys, generatePayKeys } from '../../scripts/pay-keys';

const APPID = 'wxtest0000000001';

function signs(privateKeyPem: string, verifyWith: string, message: string): boolean {
  const signature = createSign('RSA-SHA256').update(message).sign(privateKeyPem, 'base64');
  return createVerify('RSA-SHA256').update(message).verify(verifyWith, signature, 'base64');
}

describe('generatePayKeys', () => {
  let keys: PayKeys;
  beforeAll(() => {
    keys = generatePayKeys({ appid: APPID });
  });

  it('makes a merchant key that signs what its certificate verifies', () => {
    const message = 'POST\n/v3/pay/transactions/jsapi\n1700000000\nnonce\n{}\n';
    expect(signs(keys.merchantPrivateKeyPem, keys.merchantCertPem, message)).toBe(true);
    expect(signs(keys.platformPrivateKeyPem, keys.merchantCertPem, message)).toBe(false);
    expect(keys.merchantPrivateKeyPem).toContain('-----BEGIN PRIVATE KEY-----'); // PKCS#8
    expect(createPublicKey(keys.merchantPrivateKeyPem).asymmetricKeyDetails?.modulusLength).toBe(2048);
  });

  it('makes a platform key verified by the platform certificate and by the public key', () => {
    const message = '1700000000\nnonce\n{"id":"x"}\n';
    expect(signs(keys.platformPrivateKeyPem, keys.platformCertPem, message)).toBe(true);
    expect(signs(keys.platformPrivateKeyPem, keys.platformPublicKeyPem, message)).toBe(true);
    expect(keys.platformPublicKeyPem).toContain('-----BEGIN PUBLIC KEY-----'); // SPKI
    expect(signs(keys.merchantPrivateKeyPem, keys.platformPublicKeyPem, message)).toBe(false);
  });

  it('gives certificates whose serials are the upper-case hex it reports, valid now', () => {
    for (const [pem, serial] of [
      [keys.merchantCertPem, keys.merchantSerial],
      [keys.platformCertPem, keys.platformSerial]
    ] as const) {
      const cert = new X509Certificate(pem);
      expect(serial).toMatch(/^[0-9A-F]{40}$/);
      expect(cert.serialNumber.toUpperCase()).toBe(serial);
      expect(new Date(cert.validFrom).getTime()).toBeLessThan(Date.now());
      expect(new Date(cert.validTo).getTime()).toBeGreaterThan(Date.now() + 365 * 24 * 3600_000);
      expect(cert.verify(cert.publicKey)).toBe(true); // self-signed
    }
    expect(keys.merchantSerial).not.toBe(keys.platformSerial);
    expect(new X509Certificate(keys.merchantCertPem).subject).toContain(`CN=${keys.mchid}`);
  });

  it('gives a merchant certificate whose serial wechatpay-node-v3 reads', () => {
    const pay = new WxPay({
      appid: APPID,
      mchid: keys.mchid,
      publicKey: Buffer.from(keys.merchantCertPem),
      privateKey: Buffer.from(keys.merchantPrivateKeyPem),
      key: keys.apiV3Key
    });
    expect(pay.getSN().toUpperCase()).toBe(keys.merchantSerial);
  });

  it('fills the other fields as WeChat shapes them', () => {
    expect(keys.mchid).toBe('1900000109');
    expect(keys.appid).toBe(APPID);
    expect(keys.apiV3Key).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(keys.publicKeyId).toMatch(/^PUB_KEY_ID_\d+$/);
    expect(generatePayKeys({ appid: APPID, mchid: '1230000109' }).mchid).toBe('1230000109');
    expect(() => generatePayKeys({ appid: APPID, mchid: '12ab' })).toThrow(/mchid/);
  });
});

describe('ensureDemoPayKeys', () => {
  let dir: string;
  beforeEach(() => {
    dir = join(mkdtempSync(join(tmpdir(), 'pay-keys-')), 'pay');
  });
  afterEach(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

  it('writes the set on first use with mode 0600 and reads the same set afterwards', () => {
    const first = ensureDemoPayKeys(dir, APPID);
    for (const file of [...Object.values(PAY_KEY_FILES), 'pay.json']) {
      expect(statSync(join(dir, file)).mode & 0o777).toBe(0o600);
    }
    expect(statSync(dir).mode & 0o077).toBe(0);
    expect(readFileSync(join(dir, 'apiclient_key.pem'), 'utf8')).toBe(first.merchantPrivateKeyPem);
    const settings = JSON.parse(readFileSync(join(dir, 'pay.json'), 'utf8')) as Record<string, string>;
    expect(settings).toEqual({
      mchid: first.mchid,
      appid: APPID,
      merchantSerial: first.merchantSerial,
      apiV3Key: first.apiV3Key,
      platformSerial: first.platformSerial,
      publicKeyId: first.publicKeyId
    });
    expect(ensureDemoPayKeys(dir, APPID)).toEqual(first);
    expect(ensureDemoPayKeys(dir, APPID)).toEqual(first);
  });

  it('keeps the keys when the appid changes, and writes the new appid', () => {
    const first = ensureDemoPayKeys(dir, APPID);
    const retied = ensureDemoPayKeys(dir, 'wxother000000001');
    expect(retied).toEqual({ ...first, appid: 'wxother000000001' });
    expect(ensureDemoPayKeys(dir, 'wxother000000001')).toEqual(retied);
  });

  it('names the missing or broken file instead of silently replacing keys', () => {
    ensureDemoPayKeys(dir, APPID);
    rmSync(join(dir, 'platform_key.pem'));
    expect(() => ensureDemoPayKeys(dir, APPID)).toThrow(/platform_key\.pem is missing/);
    writeFileSync(join(dir, 'pay.json'), JSON.stringify({ mchid: '1900000109' }));
    expect(() => ensureDemoPayKeys(dir, APPID)).toThrow(/"appid" is missing/);
  });

  it('generates everything again when pay.json, written last, is absent', () => {
    const first = ensureDemoPayKeys(dir, APPID);
    rmSync(join(dir, 'pay.json'));
    const second = ensureDemoPayKeys(dir, APPID);
    expect(second.merchantSerial).not.toBe(first.merchantSerial);
    expect(ensureDemoPayKeys(dir, APPID)).toEqual(second);
  });
});
