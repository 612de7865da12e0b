import { randomBytes } from 'node:crypto';

/** Crockford base32: no I, L, O or U, so a code read aloud or typed is not misread. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const VOUCHER_CODE_LENGTH = 10;
export const REFERRAL_TOKEN_LENGTH = 12;

/** `length` Crockford base32 characters from the system CSPRNG (5 bits each). */
export function newCrockfordCode(length: number): string {
  const bytes = randomBytes(Math.ceil((length * 5) / 8));
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let code = '';
  for (let i = 0; i < length; i++) {
    code += ALPHABET[Number(bits & 31n)];
    bits >>= 5n;
  }
  return code;
}

/** A new voucher code: 50 random bits (unguessable; uniqueness is the index's job). */
export const newVoucherCode = (): string => newCrockfordCode(VOUCHER_CODE_LENGTH);
