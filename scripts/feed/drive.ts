import { setTimeout as sleep } from 'node:timers/promises';
import type { FeedOptions } from './args';
import type { ExpectedClaps } from './ExpectedClaps';
import { Histogram } from './Histogram';
import type { LocalSystem } from './LocalSystem';
import type { Progress } from './Progress';
import { seededRandom, skewedPicker } from './random';
import type { ClapTarget, ReadModelMark } from './targets';

export interface TimelinePoint {
  second: number;
  sent: number;
  accepted: number;
  errors: number;
  p50: number | null;
  p99: number | null;
  readModelP99: number | null;
}

export interface DriveResult {
  sent: number;
  accepted: number;
  /** Requests that were due but not sent because `concurrency` requests were already in flight. */
  backpressured: number;
  errors: Record<string, number>;
  durationSeconds: number;
  requestLatency: Histogram;
  readModelLatency: Histogram;
  probeTimeouts: number;
  timeline: TimelinePoint[];
}

const PROBE_TIMEOUT_MS = 30_000;
/** Probes poll the read model this often: the latency they report is accurate to about this much. */
const PROBE_INTERVAL_MS = 200;
/** At most this many probes at once, so measuring never becomes a load of its own. */
const MAX_PROBES = 12;

/**
 * Sends claps at `rate` per second for `duration` seconds, open-loop (requests leave on schedule
 * whatever the answers), with at most `concurrency` in flight and never two at once for the same
 * member and post (so the expected final state is known). Probes a share of accepted claps for how long
 * the read model takes to show them.
 */
export const drive = async (
  options: FeedOptions,
  target: ClapTarget,
  system: LocalSystem,
  postIds: string[],
  expected: ExpectedClaps,
  progress: Progress,
): Promise<DriveResult> => {
  const random = seededRandom(options.seed);
  const pickPost = skewedPicker(postIds.length, options.skew, random);
  const busy = new Set<string>();
  const result: DriveResult = {
    sent: 0,
    accepted: 0,
    backpressured: 0,
    errors: {},
    durationSeconds: 0,
    requestLatency: new Histogram(),
    readModelLatency: new Histogram(),
    probeTimeouts: 0,
    timeline: [],
  };
  const perSecond: Array<{
    sent: number;
    accepted: number;
    errors: number;
    latency: Histogram;
    readModel: Histogram;
  }> = [];
  const bucket = (second: number) => {
    perSecond[second] ??= {
      sent: 0,
      accepted: 0,
      errors: 0,
      latency: new Histogram(),
      readModel: new Histogram(),
    };
    return perSecond[second];
  };
  const pending = new Set<Promise<void>>();
  const probes = new Set<Promise<void>>();
  const start = performance.now();
  const elapsed = () => (performance.now() - start) / 1000;

  const probe = async (postId: string, mark: ReadModelMark, sentAt: number, second: number) => {
    const deadline = performance.now() + PROBE_TIMEOUT_MS;
    while (performance.now() < deadline) {
      const view = await system.call('GET', `/posts/${postId}`, 'feed-probe');
      const body = view.body as { clapsAsOf?: string | null; clapsVersion?: number } | null;
      const seen =
        'asOf' in mark ? (body?.clapsAsOf ?? '') >= mark.asOf : (body?.clapsVersion ?? 0) >= mark.version;
      if (seen) {
        const latency = performance.now() - sentAt;
        result.readModelLatency.add(latency);
        bucket(second)?.readModel.add(latency);
        return;
      }
      await sleep(PROBE_INTERVAL_MS);
    }
    result.probeTimeouts += 1;
  };

  let issued = 0;
  let lastProgress = 0;
  while (elapsed() < options.duration) {
    const due = Math.floor(elapsed() * options.rate) - issued;
    for (let i = 0; i < due; i++) {
      issued += 1;
      if (pending.size >= options.concurrency) {
        result.backpressured += 1;
        continue;
      }
      const postId = postIds[pickPost()] as string;
      let memberId: string | undefined;
      for (let attempt = 0; attempt < 8 && memberId === undefined; attempt++) {
        const candidate = `member-${Math.floor(random() * options.members)}`;
        if (!busy.has(`${postId}|${candidate}`)) memberId = candidate;
      }
      if (memberId === undefined) {
        result.backpressured += 1;
        continue;
      }
      const count = random() < options.unclap ? 0 : 1 + Math.floor(random() * 50);
      const key = `${postId}|${memberId}`;
      const second = Math.floor(elapsed());
      const sentAt = performance.now();
      const doProbe = random() < options.probe;
      busy.add(key);
      result.sent += 1;
      bucket(second).sent += 1;
      const request = target
        .send(postId, memberId, count)
        .then((outcome) => {
          const latency = performance.now() - sentAt;
          result.requestLatency.add(latency);
          bucket(second).latency.add(latency);
          if (outcome.ok) {
            result.accepted += 1;
            bucket(second).accepted += 1;
            expected.record(postId, memberId, outcome.count, outcome.version);
            if (doProbe && probes.size < MAX_PROBES) {
              const probing: Promise<void> = probe(postId, outcome.readModel, sentAt, second).finally(() =>
                probes.delete(probing),
              );
              probes.add(probing);
            }
          } else {
            result.errors[outcome.code] = (result.errors[outcome.code] ?? 0) + 1;
            bucket(second).errors += 1;
          }
        })
        .catch((error: Error) => {
          const code = error.name || 'NetworkError';
          result.errors[code] = (result.errors[code] ?? 0) + 1;
          bucket(second).errors += 1;
        })
        .finally(() => {
          busy.delete(key);
          pending.delete(request);
        });
      pending.add(request);
    }
    if (elapsed() - lastProgress >= 1) {
      lastProgress = elapsed();
      progress.update({
        elapsed: elapsed(),
        sent: result.sent,
        accepted: result.accepted,
        errors: result.sent - result.accepted - pending.size,
        inFlight: pending.size,
        p99: result.requestLatency.percentile(99),
      });
    }
    await sleep(2);
  }
  await Promise.all(pending);
  result.durationSeconds = elapsed();
  await Promise.all(probes);
  result.timeline = perSecond.map((b, second) => ({
    second,
    sent: b?.sent ?? 0,
    accepted: b?.accepted ?? 0,
    errors: b?.errors ?? 0,
    p50: b?.latency.percentile(50) ?? null,
    p99: b?.latency.percentile(99) ?? null,
    readModelP99: b?.readModel.percentile(99) ?? null,
  }));
  return result;
};
