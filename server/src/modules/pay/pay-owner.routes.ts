import type Router from '@koa/router';
import {
  createPayOrderBody,
  myPayOrdersResponse,
  payOrderCreatedResponse,
  payOrderPaymentResponse,
  payOrderView,
  refundRequestBody
} from '@dealer/shared';
import type { AppDeps } from '../../deps';
import { idParams, route } from '../../http/route';
import { createOrder, demoPay, myOrders, ownOrder, paymentAgain } from './pay-order.service';
import { requestRefund } from './pay-refund.service';
import { payRuntime } from './pay-runtime';
import { presentOrder } from './pay.present';

/** The owner's purchases with WeChat Pay: order, pay, see the order and its voucher, ask for a refund. */
export function payOwnerRoutes(router: Router, deps: AppDeps): void {
  const runtime = payRuntime(deps.config);

  route.owner(router, {
    method: 'post',
    path: '/api/pay/orders',
    tag: 'pay',
    summary:
      'Buy a cash or points+cash reward: claims stock, reserves points, answers requestPayment parameters',
    body: createPayOrderBody,
    response: payOrderCreatedResponse,
    status: 201,
    handler: ({ auth, body }) => createOrder(runtime, auth.ownerId, body.itemId)
  });

  route.owner(router, {
    method: 'get',
    path: '/api/pay/orders',
    tag: 'pay',
    summary: 'My WeChat Pay orders, newest first',
    response: myPayOrdersResponse,
    handler: ({ auth }) => myOrders(auth.ownerId)
  });

  route.owner(router, {
    method: 'get',
    path: '/api/pay/orders/:id',
    tag: 'pay',
    summary: 'One of my orders (its state, its voucher once paid)',
    params: idParams,
    response: payOrderView,
    handler: async ({ auth, params }) => presentOrder(await ownOrder(auth.ownerId, params.id))
  });

  route.owner(router, {
    method: 'post',
    path: '/api/pay/orders/:id/payment',
    tag: 'pay',
    summary: 'requestPayment parameters again for a pending order',
    params: idParams,
    response: payOrderPaymentResponse,
    handler: ({ auth, params }) => paymentAgain(runtime, auth.ownerId, params.id)
  });

  route.owner(router, {
    method: 'post',
    path: '/api/pay/orders/:id/refund-request',
    tag: 'pay',
    summary: 'Ask for a refund of an unused item (a manager refunds it)',
    params: idParams,
    body: refundRequestBody,
    response: payOrderView,
    handler: ({ auth, params, body }) => requestRefund(auth.ownerId, params.id, body.reason)
  });

  if (deps.config.DEMO_MODE) {
    route.owner(router, {
      method: 'post',
      path: '/api/pay/orders/:id/demo-pay',
      tag: 'pay',
      summary: 'Demo only: the WeChat sandbox completes the payment (模拟支付); the notification follows',
      params: idParams,
      response: payOrderView,
      handler: ({ auth, params }) => demoPay(runtime, auth.ownerId, params.id)
    });
  }
}
