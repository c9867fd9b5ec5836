import { LambdaApiError } from './errors';

/** A token bucket: `burst` requests at once, refilled at `perSecond`. */
export interface RateLimit {
  burst: number;
  perSecond: number;
}

export interface ControlPlaneThrottleOptions {
  /**
   * Each control-plane action of the account (CreateEventSourceMapping, GetEventSourceMapping, …):
   * Lambda's quota of 15 requests per second per API. Default `{ burst: 15, perSecond: 15 }`.
   */
  perAction?: RateLimit;
  /**
   * Mapping creations on one stream: Lambda describes the stream and lists its shards while it creates a
   * mapping, and Kinesis throttles those calls (LimitExceededException). Default `{ burst: 10, perSecond: 5 }`.
   */
  perStream?: RateLimit;
  /** Epoch milliseconds; injectable for tests. */
  now?: () => number;
}

export const DEFAULT_PER_ACTION: RateLimit = { burst: 15, perSecond: 15 };
export const DEFAULT_PER_STREAM: RateLimit = { burst: 10, perSecond: 5 };

/** One bucket; `take` answers how long to wait when it is empty. */
export class TokenBucket {
  readonly #limit: RateLimit;
  readonly #now: () => number;
  #tokens: number;
  #updatedMs: number;

  public constructor(limit: RateLimit, now: () => number) {
    this.#limit = limit;
    this.#now = now;
    this.#tokens = limit.burst;
    this.#updatedMs = now();
  }

  /** Takes a token: 0 when one was free, otherwise the milliseconds until one will be (nothing taken). */
  public take(): number {
    const now = this.#now();
    this.#tokens = Math.min(
      this.#limit.burst,
      this.#tokens + ((now - this.#updatedMs) / 1000) * this.#limit.perSecond,
    );
    this.#updatedMs = now;
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.#tokens) / this.#limit.perSecond) * 1000);
  }

  /** Gives back a token taken for a request that another bucket then refused. */
  public refund(): void {
    this.#tokens = Math.min(this.#limit.burst, this.#tokens + 1);
  }
}

/**
 * Lambda's control-plane rate limits, locally (decision 0009): a token bucket per API action for the
 * account, and one per stream for mapping creations. A refused request is a `TooManyRequestsException`
 * (429, `Reason: CallerRateLimitExceeded`, `Retry-After` in seconds), which the AWS SDK retries with
 * backoff as it does on AWS.
 *
 * @example
 * const throttle = new ControlPlaneThrottle({ perStream: { burst: 2, perSecond: 1 } });
 * throttle.admit('CreateEventSourceMapping', streamArn); // throws TooManyRequestsException when over
 */
export class ControlPlaneThrottle {
  readonly #perAction: RateLimit;
  readonly #perStream: RateLimit;
  readonly #now: () => number;
  readonly #actions = new Map<string, TokenBucket>();
  readonly #streams = new Map<string, TokenBucket>();

  public constructor(options: ControlPlaneThrottleOptions = {}) {
    this.#perAction = options.perAction ?? DEFAULT_PER_ACTION;
    this.#perStream = options.perStream ?? DEFAULT_PER_STREAM;
    this.#now = options.now ?? Date.now;
  }

  /** Admits one request of `action` (touching `streamArn` when given), or throws TooManyRequestsException. */
  public admit(action: string, streamArn?: string): void {
    const actionBucket = this.#bucket(this.#actions, action, this.#perAction);
    const actionWait = actionBucket.take();
    if (actionWait > 0) throw throttled(actionWait, `Rate exceeded for ${action}`);
    if (streamArn === undefined) return;
    const streamWait = this.#bucket(this.#streams, streamArn, this.#perStream).take();
    if (streamWait > 0) {
      actionBucket.refund();
      throw throttled(
        streamWait,
        `Rate exceeded for event source ${streamArn}: too many mapping operations on this stream at once (Kinesis answered LimitExceededException)`,
      );
    }
  }

  #bucket(buckets: Map<string, TokenBucket>, key: string, limit: RateLimit): TokenBucket {
    let bucket = buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(limit, this.#now);
      buckets.set(key, bucket);
    }
    return bucket;
  }
}

const throttled = (waitMs: number, message: string) =>
  new LambdaApiError('TooManyRequestsException', message, {
    reason: 'CallerRateLimitExceeded',
    retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)),
  });
