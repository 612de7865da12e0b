import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/**
 * The merchant's WeChat Pay settings, one document (`_id` 'merchant'): ids and where each
 * secret is read from (a file path or an environment variable name) — never a key itself.
 */
const keySourceSchema = new Schema(
  {
    from: { type: String, enum: ['file', 'env'], required: true },
    path: { type: String, default: null },
    name: { type: String, default: null }
  },
  { _id: false }
);

const merchantSettingsSchema = new Schema(
  {
    _id: { type: String, required: true },
    mchid: { type: String, required: true },
    appid: { type: String, required: true },
    merchantSerial: { type: String, required: true },
    publicKeyId: { type: String, default: null },
    keys: {
      merchantPrivateKey: { type: keySourceSchema, required: true },
      merchantCertificate: { type: keySourceSchema, required: true },
      apiV3Key: { type: keySourceSchema, required: true },
      platformPublicKey: { type: keySourceSchema, default: null }
    },
    updatedAt: { type: Date, required: true },
    updatedBy: { id: { type: Schema.Types.ObjectId, required: true }, name: { type: String, required: true } }
  },
  { versionKey: false, collection: 'pay_merchant_settings' }
);

export type MerchantSettingsDoc = InferSchemaType<typeof merchantSettingsSchema>;
export const MERCHANT_SETTINGS_ID = 'merchant';
export const MerchantSettings = mongoose.model('PayMerchantSettings', merchantSettingsSchema);
