/**
 * Fault injection for the local Kinesis endpoint: the failures a producer or consumer must survive on
 * AWS (throttling, internal errors, latency, an outage), made to happen on demand.
 */
export interface KinesisOutage {
  /** Epoch milliseconds when the outage begins. */
  startsAt: number;
  durationMs: number;
  /** Operations affected (e.g. `PutRecord`); all when omitted. */
  operations?: string[];
  /** AWS error code returned during the outage; default `ServiceUnavailable` (HTTP 503). */
  errorCode?: string;
}

export interface KinesisFaults {
  /** Probability (0–1) that a call fails, per operation name, or `*` for every operation. */
  errorRate?: Record<string, number>;
  /** Error code used for probabilistic failures; default `ProvisionedThroughputExceededException` for data-plane calls, `InternalFailure` otherwise. */
  errorCode?: string;
  /** Latency added to every call, in milliseconds (a fixed value or a uniform range). */
  latencyMs?: number | { min: number; max: number };
  /** Scripted outage windows. */
  outages?: KinesisOutage[];
}

export interface InjectedError {
  status: number;
  code: string;
  message: string;
}

const DATA_PLANE = new Set(['PutRecord', 'PutRecords', 'GetRecords', 'GetShardIterator']);

const STATUS: Record<string, number> = {
  ProvisionedThroughputExceededException: 400,
  LimitExceededException: 400,
  KMSThrottlingException: 400,
  InternalFailure: 500,
  ServiceUnavailable: 503,
};

const errorFor = (code: string, operation: string): InjectedError => ({
  status: STATUS[code] ?? 400,
  code,
  message:
    code === 'ProvisionedThroughputExceededException'
      ? `Rate exceeded for ${operation} (injected fault)`
      : `${code} (injected fault during ${operation})`,
});

/** Decides, per call, whether to fail it and how long to delay it. `random` and `now` are injectable for tests. */
export class FaultInjector {
  #faults: KinesisFaults;
  readonly #random: () => number;
  readonly #now: () => number;

  public constructor(
    faults: KinesisFaults = {},
    random: () => number = Math.random,
    now: () => number = Date.now,
  ) {
    this.#faults = faults;
    this.#random = random;
    this.#now = now;
  }

  public set(faults: KinesisFaults): void {
    this.#faults = faults;
  }

  public get(): KinesisFaults {
    return this.#faults;
  }

  /** The error to answer `operation` with right now, if any. */
  public errorFor(operation: string): InjectedError | undefined {
    const now = this.#now();
    for (const outage of this.#faults.outages ?? []) {
      const active = now >= outage.startsAt && now < outage.startsAt + outage.durationMs;
      if (active && (!outage.operations || outage.operations.includes(operation))) {
        return errorFor(outage.errorCode ?? 'ServiceUnavailable', operation);
      }
    }
    const rate = this.#faults.errorRate?.[operation] ?? this.#faults.errorRate?.['*'] ?? 0;
    if (rate > 0 && this.#random() < rate) {
      const code =
        this.#faults.errorCode ??
        (DATA_PLANE.has(operation) ? 'ProvisionedThroughputExceededException' : 'InternalFailure');
      return errorFor(code, operation);
    }
    return undefined;
  }

  /** Milliseconds to delay this call. */
  public latencyMs(): number {
    const latency = this.#faults.latencyMs;
    if (latency === undefined) return 0;
    if (typeof latency === 'number') return latency;
    return latency.min + this.#random() * (latency.max - latency.min);
  }
}
