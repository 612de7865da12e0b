import type { Types } from 'mongoose';

/** An owner newly bound to an archive (not a repeated bind of an existing binding). */
export interface OwnerBound {
  ownerId: Types.ObjectId;
  dealershipId: Types.ObjectId;
  customerId: Types.ObjectId;
  /** The referral token of the share the owner opened, if any. */
  referral: string | null;
  boundAt: Date;
}

/**
 * What modules above bindings do when an owner binds (the points module records a
 * referral), passed in by the composition root so bindings imports none of them.
 */
export interface BindingHooks {
  ownerBound(event: OwnerBound): Promise<void>;
}

export const NO_BINDING_HOOKS: BindingHooks = { ownerBound: async () => undefined };
