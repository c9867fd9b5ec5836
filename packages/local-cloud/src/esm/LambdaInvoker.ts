import { type PostResult, postJson } from '../util/postJson';

/** The outcome of a synchronous invocation. */
export type InvokeResult =
  | { ok: true; payload: unknown; durationMs: number }
  | { ok: false; errorType: string; errorMessage: string; durationMs: number };

/** Lambda's synchronous invocation payload limit (request and response): 6 MB. */
export const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

/** A counting semaphore with a FIFO queue. */
class Slots {
  #free: number;
  readonly #waiting: Array<() => void> = [];

  public constructor(size: number) {
    this.#free = size;
  }

  public async acquire(): Promise<void> {
    if (this.#free > 0) {
      this.#free -= 1;
      return;
    }
    await new Promise<void>((resolve) => this.#waiting.push(resolve));
  }

  public release(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#free += 1;
  }
}

export interface LambdaInvokerOptions {
  /**
   * Execution environments per function: at most this many invocations of one function run at once,
   * the others wait their turn. serverless-offline starts a worker thread (a cold start) per concurrent
   * invocation; unbounded, a burst of requests is a burst of cold starts that starves the machine.
   */
  concurrencyPerFunction?: number;
}

/**
 * Invokes functions through serverless-offline's Lambda endpoint (the same Invoke API the AWS SDK uses),
 * so the code under test is the deployed handler. `endpointOf` names the serverless-offline that hosts a
 * function. Like Lambda, each function has a bounded number of execution environments.
 */
export class LambdaInvoker {
  readonly #endpointOf: (functionName: string) => string | undefined;
  readonly #concurrency: number;
  readonly #slots = new Map<string, Slots>();

  public constructor(
    endpointOf: (functionName: string) => string | undefined,
    options: LambdaInvokerOptions = {},
  ) {
    this.#endpointOf = endpointOf;
    this.#concurrency = options.concurrencyPerFunction ?? 8;
  }

  public async invoke(functionName: string, payload: unknown): Promise<InvokeResult> {
    let slots = this.#slots.get(functionName);
    if (!slots) {
      slots = new Slots(this.#concurrency);
      this.#slots.set(functionName, slots);
    }
    await slots.acquire();
    try {
      return await this.#invoke(functionName, payload);
    } finally {
      slots.release();
    }
  }

  async #invoke(functionName: string, payload: unknown): Promise<InvokeResult> {
    const started = performance.now();
    const endpoint = this.#endpointOf(functionName);
    if (!endpoint) {
      return {
        ok: false,
        errorType: 'ResourceNotFoundException',
        errorMessage: `Function not found: ${functionName}`,
        durationMs: 0,
      };
    }
    let response: PostResult;
    try {
      response = await postJson(
        `${endpoint}/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations`,
        JSON.stringify(payload),
      );
    } catch (error) {
      return {
        ok: false,
        errorType: 'ServiceException',
        errorMessage: `Could not reach the function's runtime: ${(error as Error).message}`,
        durationMs: performance.now() - started,
      };
    }
    const text = response.body;
    const durationMs = performance.now() - started;
    const body = text ? safeJson(text) : null;
    const header = (name: string) => {
      const value = response.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    if (header('x-amz-function-error') || response.status >= 300) {
      const error = (body ?? {}) as { errorType?: string; errorMessage?: string; Message?: string };
      return {
        ok: false,
        errorType: error.errorType ?? header('x-amzn-errortype') ?? `HTTP${response.status}`,
        errorMessage: error.errorMessage ?? error.Message ?? text.slice(0, 500),
        durationMs,
      };
    }
    return { ok: true, payload: body, durationMs };
  }
}

const safeJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};
