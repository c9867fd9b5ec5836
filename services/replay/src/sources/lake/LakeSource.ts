import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { type Envelope, envelopeBaseSchema } from '@kes/envelope';
import type { ReplaySource, SourceItem, SourcePosition } from '../types';
import { lakeHours } from './lakeHours';

export interface LakeSourceOptions {
  s3: S3Client;
  bucket: string;
  from: string;
  to: string;
  /** Hours of arrival read before `from` and after `to` (an event lands in its arrival hour). Default 1. */
  marginHours?: number;
  /** The stream prefixes to read (`kes-prod-claps/`…); discovered from the bucket when absent. */
  prefixes?: string[];
  /** Called for a line that is not an envelope; it is skipped. */
  onMalformed?: (key: string, line: number) => void;
}

/** `hour`: `yyyy/MM/dd/HH`; `key`: the object being read; `line`: lines of it handled. */
interface LakePosition {
  hour: string;
  key?: string;
  line?: number;
}

/**
 * The lake's objects (gzip'd NDJSON under `<stream>/yyyy/MM/dd/HH/`, by arrival hour) whose hour may hold
 * events of the range, hour by hour; within an hour, objects in key order — per stream that is delivery
 * order, because Firehose names objects by time. Each line is one envelope, sent with its original bytes.
 * Errors prefixes (`errors/…`) are never read.
 */
export class LakeSource implements ReplaySource {
  readonly #options: LakeSourceOptions;

  public constructor(options: LakeSourceOptions) {
    this.#options = options;
  }

  public async *read(position: SourcePosition | undefined): AsyncIterable<SourceItem> {
    const start = position as LakePosition | undefined;
    const prefixes = this.#options.prefixes ?? (await this.#streamPrefixes());
    const margin = this.#options.marginHours ?? 1;
    for (const hour of lakeHours(this.#options.from, this.#options.to, margin)) {
      if (start && hour < start.hour) continue;
      const keys = (await Promise.all(prefixes.map((prefix) => this.#list(`${prefix}${hour}/`))))
        .flat()
        .sort();
      for (const key of keys) {
        let skip = 0;
        if (start?.hour === hour && start.key !== undefined) {
          if (key < start.key) continue;
          if (key === start.key) skip = start.line ?? 0;
        }
        let line = 0;
        for await (const text of this.#lines(key)) {
          line++;
          if (line <= skip || text.length === 0) continue;
          const event = parse(text);
          if (!event) this.#options.onMalformed?.(key, line);
          yield {
            ...(event ? { event, data: Buffer.from(text, 'utf8') } : {}),
            position: { hour, key, line },
          };
        }
        yield { position: { hour, key, line: Number.MAX_SAFE_INTEGER } };
      }
    }
  }

  /** The top-level prefixes (one per stream), without `errors/`. */
  async #streamPrefixes(): Promise<string[]> {
    const prefixes: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.#options.s3.send(
        new ListObjectsV2Command({ Bucket: this.#options.bucket, Delimiter: '/', ContinuationToken: token }),
      );
      for (const common of page.CommonPrefixes ?? [])
        if (common.Prefix && common.Prefix !== 'errors/') prefixes.push(common.Prefix);
      token = page.NextContinuationToken;
    } while (token);
    if (prefixes.length > 0) return prefixes.sort();
    // s3rver answers a Delimiter listing without CommonPrefixes: derive them from the keys instead.
    const found = new Set<string>();
    for (const key of await this.#list('')) {
      const prefix = `${key.split('/')[0]}/`;
      if (prefix !== 'errors/' && key.includes('/')) found.add(prefix);
    }
    return [...found].sort();
  }

  async #list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.#options.s3.send(
        new ListObjectsV2Command({ Bucket: this.#options.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
      token = page.NextContinuationToken;
    } while (token);
    return keys;
  }

  async *#lines(key: string): AsyncIterable<string> {
    const object = await this.#options.s3.send(
      new GetObjectCommand({ Bucket: this.#options.bucket, Key: key }),
    );
    const body = object.Body as Readable;
    const text = key.endsWith('.gz') ? body.pipe(createGunzip()) : body;
    yield* createInterface({ input: text, crlfDelay: Number.POSITIVE_INFINITY });
  }
}

const parse = (text: string): Envelope | undefined => {
  try {
    const json: unknown = JSON.parse(text);
    const base = envelopeBaseSchema.safeParse(json);
    return base.success ? (json as Envelope) : undefined;
  } catch {
    return undefined;
  }
};
