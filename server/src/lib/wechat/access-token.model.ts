import mongoose, { Schema } from 'mongoose';

/** Cached access token, shared by every server instance. `_id` = appid. */
const accessTokenSchema = new Schema(
  {
    _id: { type: String, required: true },
    token: { type: String, required: true },
    expiresAt: { type: Date, required: true }
  },
  { versionKey: false, collection: 'wechat_access_tokens' }
);

export const AccessToken = mongoose.model('WechatAccessToken', accessTokenSchema);
