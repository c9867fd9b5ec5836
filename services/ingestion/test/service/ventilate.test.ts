import type { WorkerResult } from '../../src/service/jobs';
import { type BatchRecord, type DeadLetterRequest, ventilate } from '../../src/service/ventilate';
import { FakeTracking } from '../helpers/fakeTracking';

const ARRIVED = Date.parse('2026-03-01T10:00:00Z');
let seq = 0;
const rec = (payload: unknown): BatchRecord => ({
  sequenceNumber: String(++seq).padStart(10, '0'),
  data: Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload)).toString('base64'),
  arrivedAt: ARRIVED,
});

const setup = (answers: (recordId: string) => WorkerResult, maxAttempts = 3) => {
  const tracking = new FakeTracking(maxAttempts);
  const calls: string[] = [];
  const letters: DeadLetterRequest[] = [];
  let inFlight = 0;
  let peak = 0;
  const ports = {
    tracking,
    now: () => ARRIVED,
    invokeWorker: async ({ recordId }: { recordId: string }) => {
      calls.push(recordId);
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight--;
      return answers(recordId);
    },
    deadLetter: async (letter: DeadLetterRequest) => {
      letters.push(letter);
    },
  };
  return { tracking, calls, letters, ports, peak: () => peak };
};
const OK: WorkerResult = { outcome: 'ok', latencyMs: 100 };
const FAIL: WorkerResult = { outcome: 'error', latencyMs: 50, status: 500, error: 'HTTP 500' };
const options = { maxConcurrency: 10, leaseMs: 30_000 };

describe('ventilate', () => {
  it('fetches each record once and skips duplicates in the batch and in later batches', async () => {
    const { calls, ports } = setup(() => OK);
    const batch = [rec({ recordId: 'a' }), rec({ recordId: 'b' }), rec({ recordId: 'a' })];
    const first = await ventilate(batch, ports, options);
    expect(first.batchItemFailures).toEqual([]);
    expect(calls.sort()).toEqual(['a', 'b']);
    expect(first.observations).toHaveLength(2);

    const again = await ventilate([rec({ recordId: 'a' }), rec({ recordId: 'b' })], ports, options);
    expect(calls).toHaveLength(2);
    expect(again.observations).toEqual([]);
    expect([...again.fates.values()]).toEqual(['already-fetched', 'already-fetched']);
  });

  it('treats another day as another fetch', async () => {
    const { calls, ports } = setup(() => OK);
    await ventilate(
      [rec({ recordId: 'a', day: '2026-03-01' }), rec({ recordId: 'a', day: '2026-03-02' })],
      ports,
      options,
    );
    expect(calls).toEqual(['a', 'a']);
  });

  it('reports only the failed records and redoes only them on redelivery', async () => {
    let failing = true;
    const { calls, ports } = setup((id) => (id === 'b' && failing ? FAIL : OK));
    const batch = [
      rec({ recordId: 'a' }),
      rec({ recordId: 'b' }),
      rec({ recordId: 'c' }),
      rec({ recordId: 'b' }),
    ];
    const first = await ventilate(batch, ports, options);
    expect(first.batchItemFailures.map((f) => f.itemIdentifier)).toEqual([
      batch[1]?.sequenceNumber,
      batch[3]?.sequenceNumber,
    ]);
    failing = false;
    // Kinesis redelivers from the lowest failure on: b, c, b.
    const second = await ventilate(batch.slice(1), ports, options);
    expect(second.batchItemFailures).toEqual([]);
    expect(calls.sort()).toEqual(['a', 'b', 'b', 'c']);
  });

  it('dead-letters a record that used all its attempts, and does not block the batch', async () => {
    const { calls, letters, ports, tracking } = setup((id) => (id === 'bad' ? FAIL : OK), 2);
    const batch = [rec({ recordId: 'bad' }), rec({ recordId: 'ok' })];
    expect((await ventilate(batch, ports, options)).batchItemFailures).toHaveLength(1);
    const second = await ventilate(batch, ports, options);
    expect(second.batchItemFailures).toEqual([]);
    expect(second.fates.get('2026-03-01/bad')).toBe('dead-lettered');
    expect(letters).toEqual([
      expect.objectContaining({ recordId: 'bad', code: 'attempts-exhausted', attempts: 2 }),
    ]);
    expect(tracking.items.get('2026-03-01/bad')?.status).toBe('dead');
    await ventilate(batch, ports, options);
    expect(calls.filter((id) => id === 'bad')).toHaveLength(2);
  });

  it('dead-letters malformed records at once', async () => {
    const { letters, ports } = setup(() => OK);
    const result = await ventilate([rec('not json'), rec({ recordId: '../etc' })], ports, options);
    expect(result.batchItemFailures).toEqual([]);
    expect(letters.map((letter) => letter.code)).toEqual(['malformed', 'malformed']);
  });

  it('keeps a record on the stream when its dead letter cannot be stored', async () => {
    const { ports } = setup(() => OK);
    ports.deadLetter = async () => {
      throw new Error('S3 down');
    };
    const record = rec('not json');
    expect((await ventilate([record], ports, options)).batchItemFailures).toEqual([
      { itemIdentifier: record.sequenceNumber },
    ]);
  });

  it('never runs more calls at once than the provider allows', async () => {
    const { ports, peak } = setup(() => OK);
    const batch = Array.from({ length: 12 }, (_, i) => rec({ recordId: `r${i}` }));
    await ventilate(batch, ports, { ...options, maxConcurrency: 3 });
    expect(peak()).toBe(3);
  });

  it('retries later a record whose claim another fan-out holds, without calling the provider', async () => {
    const { calls, ports, tracking } = setup(() => OK);
    await tracking.claim({ recordId: 'a', day: '2026-03-01' }, ARRIVED, 30_000);
    const record = rec({ recordId: 'a' });
    const result = await ventilate([record], ports, options);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: record.sequenceNumber }]);
    expect(calls).toEqual([]);
  });

  it('counts a worker that could not be invoked as an error observation', async () => {
    const { ports } = setup(() => OK);
    ports.invokeWorker = async () => {
      throw new Error('TooManyRequestsException');
    };
    const result = await ventilate([rec({ recordId: 'a' })], ports, options);
    expect(result.observations).toEqual([expect.objectContaining({ outcome: 'error' })]);
    expect(result.batchItemFailures).toHaveLength(1);
  });
});
