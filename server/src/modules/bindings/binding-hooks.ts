import type { Types } from 'mongoose';

/** An owner bound to an archive: a new binding, or a repeated bind of an existing one. */
export interface OwnerBound {
  ownerId: Types.ObjectId;
  dealershipId: Types.ObjectId;
  customerId: Types.ObjectId;
  /** The referral token of the share the owner opened, if any. */
  referral: string | null;
  boundAt: Date;
  /** False when the owner was already bound here (the bind repeats, or completes an interrupted one). */
  newlyBound: boolean;
}

/**
 * What modules above bindings do when an owner binds (aftercare's late surveys, the points
 * module's referral), passed in by the composition root so bindings imports none of them.
 * Called on every bind, a repeated one too, so a bind interrupted after its write is completed
 * by the next one: every hook must be idempotent.
 */
export interface BindingHooks {
  ownerBound(event: OwnerBound): Promise<unknown>;
}

export const NO_BINDING_HOOKS: BindingHooks = { ownerBound: async () => undefined };
