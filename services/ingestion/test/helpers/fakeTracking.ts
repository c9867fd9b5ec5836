import type { VentilatorPorts } from '../../src/service/ventilate';
import type { ClaimResult, TrackingItem } from '../../src/store/TrackingStore';
import { trackingKey } from '../../src/store/TrackingStore';

/** An in-memory tracking table with the same conditions as TrackingStore (for the pure ventilator logic). */
type TrackingPort = VentilatorPorts['tracking'];

export class FakeTracking implements TrackingPort {
  public readonly items = new Map<string, TrackingItem>();
  public constructor(public readonly maxAttempts: number) {}

  public async getMany(keys: ReadonlyArray<{ recordId: string; day: string }>) {
    const found = new Map<string, TrackingItem>();
    for (const key of keys) {
      const item = this.items.get(trackingKey(key));
      if (item) found.set(trackingKey(key), { ...item });
    }
    return found;
  }

  public async claim(
    key: { recordId: string; day: string },
    now: number,
    leaseMs: number,
  ): Promise<ClaimResult> {
    const item = this.items.get(trackingKey(key));
    const claimable =
      !item ||
      (item.attempts < this.maxAttempts &&
        (item.status === 'failed' || (item.status === 'in-flight' && (item.leaseUntil ?? 0) < now)));
    if (!claimable) return { claimed: false, item: item && { ...item } };
    const attempts = (item?.attempts ?? 0) + 1;
    this.items.set(trackingKey(key), {
      ...key,
      status: 'in-flight',
      attempts,
      leaseUntil: now + leaseMs,
      updatedAt: now,
    });
    return { claimed: true, attempts };
  }

  public async settle(
    key: { recordId: string; day: string },
    attempt: number,
    outcome: { status: 'fetched' | 'failed'; latencyMs: number; error?: string },
    now: number,
  ) {
    const item = this.items.get(trackingKey(key));
    if (item?.status !== 'in-flight' || item.attempts !== attempt) return false;
    this.items.set(trackingKey(key), {
      ...item,
      status: outcome.status,
      latencyMs: outcome.latencyMs,
      updatedAt: now,
      ...(outcome.error ? { lastError: outcome.error } : {}),
    });
    return true;
  }

  public async markDead(key: { recordId: string; day: string }, reason: string, now: number) {
    const item = this.items.get(trackingKey(key));
    if (item?.status === 'fetched') return;
    this.items.set(trackingKey(key), {
      ...key,
      attempts: item?.attempts ?? 0,
      status: 'dead',
      lastError: item?.lastError ?? reason,
      updatedAt: now,
    });
  }
}
