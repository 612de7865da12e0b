import type Router from '@koa/router';
import { subscriptionReport, subscriptionStatus } from '@dealer/shared';
import { route } from '../../../http/route';
import { ownerSubscriptions, reportSubscriptions } from './owner-subscription.service';

/** The owner's subscribe-message consents: report what requestSubscribeMessage answered; read what is left. */
export function ownerSubscriptionRoutes(router: Router): void {
  route.owner(router, {
    method: 'post',
    path: '/api/owner/subscriptions',
    tag: 'subscriptions',
    summary: 'Report requestSubscribeMessage results; each accept allows one message',
    body: subscriptionReport,
    response: subscriptionStatus,
    handler: ({ auth, body }) => reportSubscriptions(auth.ownerId, body)
  });
  route.owner(router, {
    method: 'get',
    path: '/api/owner/subscriptions',
    tag: 'subscriptions',
    summary: 'Templates to ask for, with the messages each consent still allows',
    response: subscriptionStatus,
    handler: ({ auth }) => ownerSubscriptions(auth.ownerId)
  });
}
