import { merchantSettingsBody } from '@dealer/shared'
import { requestPayment } from './support/taro'
import { cashPrice, openWechatCashier, orderPrice, soldForCash } from '../../miniapp/src/utils/pay'
import { toBody, toDraft } from '../../miniapp/src/pages/manager/pay-settings/settings-draft'

const PARAMS = {
  appId: 'wx0000000000000001',
  timeStamp: '1796478133',
  nonceStr: 'abc123',
  package: 'prepay_id=wx2026120521564181',
  signType: 'RSA' as const,
  paySign: 'c2lnbg=='
}

describe('pay prices', () => {
  it('shows the cash part in yuan, and the points part of a points+cash price', () => {
    expect(cashPrice({ cashFen: 129900, points: 0 })).toBe('¥1,299.00')
    expect(cashPrice({ cashFen: 3000, points: 100 })).toBe('¥30.00 + 100 积分')
    expect(orderPrice({ amountFen: 5, points: 0 })).toBe('¥0.05')
    expect(soldForCash({ price: { cashFen: 1, points: 100 } })).toBe(true)
    expect(soldForCash({ price: { cashFen: 0, points: 100 } })).toBe(false)
  })
})

describe('the WeChat cashier', () => {
  it('passes the parameters WeChat needs (not appId) and reports paid', async () => {
    await expect(openWechatCashier(PARAMS)).resolves.toBe('paid')
    expect(requestPayment).toHaveBeenLastCalledWith({
      timeStamp: PARAMS.timeStamp,
      nonceStr: PARAMS.nonceStr,
      package: PARAMS.package,
      signType: 'RSA',
      paySign: PARAMS.paySign
    })
  })

  it('treats the payer closing the cashier as cancelled, anything else as a failure with WeChat’s words', async () => {
    requestPayment.mockRejectedValueOnce({ errMsg: 'requestPayment:fail cancel' })
    await expect(openWechatCashier(PARAMS)).resolves.toBe('cancelled')
    requestPayment.mockRejectedValueOnce({ errMsg: 'requestPayment:fail (detail message)' })
    await expect(openWechatCashier(PARAMS)).rejects.toThrow('支付未完成：requestPayment:fail (detail message)')
  })
})

describe('merchant settings draft', () => {
  it('starts empty and gives a body the server schema accepts, in certificate mode without the public key', () => {
    const draft = toDraft(undefined)
    draft.mchid = ' 1900000109 '
    draft.appid = 'wx0000000000000001'
    draft.merchantSerial = '63c54b936d3806c357df4064f78ecdf9073bcb05'
    draft.keys.merchantPrivateKey = { from: 'file', where: '/etc/wechatpay/apiclient_key.pem' }
    draft.keys.merchantCertificate = { from: 'file', where: '/etc/wechatpay/apiclient_cert.pem' }
    draft.keys.apiV3Key = { from: 'env', where: 'WECHATPAY_API_V3_KEY' }
    const body = toBody(draft)
    expect(merchantSettingsBody.parse(body)).toEqual(body)
    expect(body).toMatchObject({
      mchid: '1900000109',
      merchantSerial: '63C54B936D3806C357DF4064F78ECDF9073BCB05',
      publicKeyId: null,
      keys: { apiV3Key: { from: 'env', name: 'WECHATPAY_API_V3_KEY' }, platformPublicKey: null }
    })
  })

  it('round-trips saved settings in public-key mode', () => {
    const keys = {
      merchantPrivateKey: { from: 'file' as const, path: '/k/apiclient_key.pem' },
      merchantCertificate: { from: 'file' as const, path: '/k/apiclient_cert.pem' },
      apiV3Key: { from: 'env' as const, name: 'APIV3' },
      platformPublicKey: { from: 'file' as const, path: '/k/pub_key.pem' }
    }
    const saved = {
      source: 'settings' as const,
      mchid: '1900000109',
      appid: 'wx0000000000000001',
      merchantSerial: 'ABCDEF0123',
      publicKeyId: 'PUB_KEY_ID_0119000001092026',
      keys,
      readable: {},
      updatedAt: null,
      updatedBy: null
    }
    expect(toBody(toDraft(saved))).toEqual({
      mchid: saved.mchid,
      appid: saved.appid,
      merchantSerial: saved.merchantSerial,
      publicKeyId: saved.publicKeyId,
      keys
    })
  })
})
