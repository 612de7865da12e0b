/** Lottery campaigns (抽奖): provably fair draws, the stock and limit rule, lawful terms. Pure. */
export * from './types';
export * from './pick';
export * from './verify';
export * from './publication';
export * from './changes';
export * from './rules';
export { formatBeijingTime } from './time';
export { bytesToHex, hexToBytes, hmacSha256, isHex, sha256, utf8Bytes } from './sha256';
