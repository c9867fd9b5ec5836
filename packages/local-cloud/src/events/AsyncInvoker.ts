import type { InvokeResult } from '../esm/LambdaInvoker';
import type { Timers } from './timers';
import type { AsyncInvokeConfig } from './types';

/** Lambda's defaults for asynchronous invocations: 2 retries of a function error, events kept 6 hours. */
export const ASYNC_DEFAULTS = { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 21_600 } as const;
/** Lambda waits 1 minute before the first retry of a function error and 2 minutes before the second. */
export const FUNCTION_ERROR_RETRY_DELAYS_MS = [60_000, 120_000] as const;
/** Throttling and system errors: retried from 1 s, doubling, at most 5 minutes apart, until the event is too old. */
const SYSTEM_RETRY_FIRST_MS = 1_000;
const SYSTEM_RETRY_MAX_MS = 300_000;

/** Why an invocation failed, as Lambda's asynchronous queue tells them apart. */
export const failureKind = (result: InvokeResult): 'function' | 'system' | 'not-found' | undefined => {
  if (result.ok) return undefined;
  if (result.errorType === 'ResourceNotFoundException') return 'not-found';
  if (/^(ServiceException|TooManyRequestsException|HTTP5\d\d)$/.test(result.errorType)) return 'system';
  return 'function';
};

/** What happened to one attempt, for the schedule's figures and the log. */
export interface AttemptOutcome {
  functionName: string;
  /** 1 for the first attempt. */
  attempt: number;
  result: InvokeResult;
  /** When the next attempt runs (ms from now), or undefined when this was the last. */
  retryInMs?: number;
}

export interface AsyncInvokerOptions {
  /** A synchronous invocation (the local cloud's LambdaInvoker). */
  invoke: (functionName: string, payload: unknown) => Promise<InvokeResult>;
  timers: Timers;
  /** The function's EventInvokeConfig, if its template has one. */
  configOf?: (functionName: string) => AsyncInvokeConfig | undefined;
}

type State = { attempt: number; functionRetries: number; systemRetries: number; since: number };

/**
 * Lambda's asynchronous invocation (`InvocationType: Event`, what EventBridge uses): the caller does not
 * wait; a function error is retried `MaximumRetryAttempts` times (default 2) after 1 then 2 minutes;
 * throttling and system errors (the runtime cannot be reached) are retried with a backoff from 1 s to
 * 5 min without using up those attempts; nothing is retried once the event is older than
 * `MaximumEventAgeInSeconds` (default 6 h). An unknown function is not retried.
 *
 * @example
 * const async = new AsyncInvoker({ invoke: (name, payload) => invoker.invoke(name, payload), timers: realTimers });
 * const first = await async.invoke('kes-ingestion-acme-local-tick', event); // the first attempt's result
 */
export class AsyncInvoker {
  readonly #options: AsyncInvokerOptions;
  readonly #pending = new Set<unknown>();
  #stopped = false;

  public constructor(options: AsyncInvokerOptions) {
    this.#options = options;
  }

  /**
   * Starts an invocation; resolves with its first attempt's result (retries go on in the background).
   * `onOutcome` hears about every attempt, retries included.
   */
  public invoke(
    functionName: string,
    payload: unknown,
    onOutcome?: (outcome: AttemptOutcome) => void,
  ): Promise<InvokeResult> {
    const first = { attempt: 1, functionRetries: 0, systemRetries: 0, since: this.#options.timers.now() };
    return this.#attempt(functionName, payload, first, onOutcome);
  }

  /** Retries waiting for their time. */
  public get pendingRetries(): number {
    return this.#pending.size;
  }

  /** Cancels every waiting retry; attempts under way finish, and are not retried. */
  public stop(): void {
    this.#stopped = true;
    for (const handle of this.#pending) this.#options.timers.clearTimeout(handle);
    this.#pending.clear();
  }

  async #attempt(
    functionName: string,
    payload: unknown,
    state: State,
    onOutcome: ((outcome: AttemptOutcome) => void) | undefined,
  ): Promise<InvokeResult> {
    const { invoke, timers, configOf } = this.#options;
    const result = await invoke(functionName, payload).catch(
      (error: Error): InvokeResult => ({
        ok: false,
        errorType: 'ServiceException',
        errorMessage: error.message,
        durationMs: 0,
      }),
    );
    if (this.#stopped) return result;
    const config = { ...ASYNC_DEFAULTS, ...definedOnly(configOf?.(functionName)) };
    const kind = failureKind(result);
    let delayMs: number | undefined;
    if (kind === 'function' && state.functionRetries < config.maximumRetryAttempts)
      delayMs = FUNCTION_ERROR_RETRY_DELAYS_MS[state.functionRetries] ?? FUNCTION_ERROR_RETRY_DELAYS_MS[1];
    else if (kind === 'system')
      delayMs = Math.min(SYSTEM_RETRY_FIRST_MS * 2 ** state.systemRetries, SYSTEM_RETRY_MAX_MS);
    if (
      delayMs !== undefined &&
      timers.now() + delayMs - state.since > config.maximumEventAgeInSeconds * 1000
    )
      delayMs = undefined;
    onOutcome?.({
      functionName,
      attempt: state.attempt,
      result,
      ...(delayMs === undefined ? {} : { retryInMs: delayMs }),
    });
    if (delayMs !== undefined) {
      const next = {
        attempt: state.attempt + 1,
        functionRetries: state.functionRetries + (kind === 'function' ? 1 : 0),
        systemRetries: state.systemRetries + (kind === 'system' ? 1 : 0),
        since: state.since,
      };
      const handle = timers.setTimeout(() => {
        this.#pending.delete(handle);
        void this.#attempt(functionName, payload, next, onOutcome);
      }, delayMs);
      this.#pending.add(handle);
    }
    return result;
  }
}

const definedOnly = <T extends object>(value: T | undefined): Partial<T> =>
  Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
