import { seededRandom, standardNormal } from '../random/seededRandom';
import { type PhaseAt, phaseAt, type Timeline } from './timeline';

/** The shortest and longest response times of the providers (the source article: 5 ms to 70 s). */
export const MIN_LATENCY_MS = 5;
export const MAX_LATENCY_MS = 70_000;

/** How the provider answers one call, and after how long. */
export interface ProviderResponse {
  status: 200 | 429 | 500 | 503;
  latencyMs: number;
  /** Sent with 429 and with 503 during maintenance. */
  retryAfterMs?: number;
  phase: string;
}

/**
 * A provider's behaviour over a scripted timeline, with a seeded generator: the same seed and the same
 * calls give the same answers, in virtual time (the simulation) or behind an HTTP server (the
 * simulator). It does not keep time or count calls itself: the caller says when a call arrives and how
 * many calls are in progress with it.
 *
 * @example
 * const provider = new ProviderModel(timeline, 1);
 * const { status, latencyMs } = provider.respond(elapsedMs, inFlight + 1);
 */
export class ProviderModel {
  readonly #timeline: Timeline;
  readonly #random: () => number;

  public constructor(timeline: Timeline, seed: number) {
    this.#timeline = timeline;
    this.#random = seededRandom(seed);
  }

  public get timeline(): Timeline {
    return this.#timeline;
  }

  public phaseAt(elapsedMs: number): PhaseAt {
    return phaseAt(this.#timeline, elapsedMs);
  }

  /**
   * The answer to a call arriving at `elapsedMs` while `concurrent` calls (this one included) are in
   * progress at the provider.
   */
  public respond(elapsedMs: number, concurrent: number): ProviderResponse {
    const { phase, endsAt } = this.phaseAt(elapsedMs);
    const quick = MIN_LATENCY_MS + Math.round(this.#random() * 15);
    if (phase.kind === 'maintenance')
      return {
        status: 503,
        latencyMs: quick,
        retryAfterMs: Math.max(1_000, endsAt - elapsedMs),
        phase: phase.name,
      };
    if (phase.concurrencyLimit !== undefined && concurrent > phase.concurrencyLimit)
      return { status: 429, latencyMs: quick, retryAfterMs: phase.retryAfterMs, phase: phase.name };
    const load = phase.capacity !== undefined ? Math.max(1, concurrent / phase.capacity) : 1;
    const sampled =
      phase.latency.medianMs * Math.exp(phase.latency.sigma * standardNormal(this.#random)) * load;
    const latencyMs = Math.round(Math.min(MAX_LATENCY_MS, Math.max(MIN_LATENCY_MS, sampled)));
    const status = this.#random() < phase.errorRate ? 500 : 200;
    return { status, latencyMs, phase: phase.name };
  }
}
