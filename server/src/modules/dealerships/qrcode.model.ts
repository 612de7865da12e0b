import mongoose, { Schema } from 'mongoose';

/** Generated binding QR codes, kept so a re-download does not call WeChat again. `_id` = `<env>:<scene>`. */
const qrCodeSchema = new Schema(
  {
    _id: { type: String, required: true },
    png: { type: Buffer, required: true },
    createdAt: { type: Date, required: true }
  },
  { versionKey: false, collection: 'qr_codes' }
);

export const QrCode = mongoose.model('QrCode', qrCodeSchema);
