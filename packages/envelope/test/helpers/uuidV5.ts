import { createHash } from 'node:crypto';

/**
 * RFC 9562 UUID version 5, computed here without the `uuid` package: SHA-1 of the namespace's 16 bytes
 * followed by the UTF-8 name, first 16 bytes, version nibble 5 and variant bits 10.
 */
export const uuidV5 = (name: string, namespace: string): string => {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replaceAll('-', ''), 'hex'))
    .update(Buffer.from(name, 'utf8'))
    .digest()
    .subarray(0, 16);
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};
