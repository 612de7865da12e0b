import type { Types } from 'mongoose';

/**
 * What other modules do when an owner binds, passed in by the composition root
 * (ModuleWiring): modules built on bindings (aftercare's late surveys) are never imported here.
 */
export interface BindingHooks {
  /**
   * The archive is bound to the owner. Called on every bind, a repeated one too (it completes
   * an interrupted one), so it must be idempotent.
   */
  ownerBound(bound: { dealershipId: Types.ObjectId; customerId: Types.ObjectId }): Promise<unknown>;
}
