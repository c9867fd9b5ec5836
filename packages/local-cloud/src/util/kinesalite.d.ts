declare module 'kinesalite' {
  import type { Server } from 'node:http';

  interface KinesaliteOptions {
    path?: string;
    createStreamMs?: number;
    deleteStreamMs?: number;
    updateStreamMs?: number;
    shardLimit?: number;
    ssl?: boolean;
  }
  function kinesalite(options?: KinesaliteOptions): Server;
  export default kinesalite;
}

declare module 'kinesalite/db' {
  /** The fixed AES-256-CBC key and IV kinesalite encrypts its shard iterators with. */
  export const ITERATOR_PWD_KEY: Buffer;
  export const ITERATOR_PWD_IV: Buffer;
  /** A shard iterator positioned at `sequenceNumber` (inclusive), as GetShardIterator makes them. */
  export function createShardIterator(streamName: string, shardId: string, sequenceNumber: string): string;
  /** `shardId-000000000001`, `000000000001` or `1` → the canonical id; throws for anything else. */
  export function resolveShardId(shardId: string): { shardId: string; shardIx: number };
}
