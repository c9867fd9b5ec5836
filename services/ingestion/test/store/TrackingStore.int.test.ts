import { type AwsClients, createAwsClients } from '@kes/aws-clients';
import { startEmulators, type TestEmulators } from '@kes/local-cloud';
import type { WorkerResult } from '../../src/service/jobs';
import { type BatchRecord, type DeadLetterRequest, ventilate } from '../../src/service/ventilate';
import { TrackingStore } from '../../src/store/TrackingStore';
import { createTrackingTable } from '../helpers/localResources';

const TABLE = 'kes-test-ingestion-tracking';
const DAY = '2026-03-01';
const ARRIVED = Date.parse(`${DAY}T10:00:00Z`);

let emulators: TestEmulators;
let clients: AwsClients;
let tableSeq = 0;

beforeAll(async () => {
  emulators = await startEmulators({ dynamodb: true });
  clients = createAwsClients(emulators.env);
}, 60_000);
afterAll(() => emulators?.stop());

/** A fresh table as serverless.yml declares it (recordId + day). */
const freshStore = async (maxAttempts = 3): Promise<TrackingStore> => {
  const table = `${TABLE}-${++tableSeq}`;
  await createTrackingTable(clients, table);
  return new TrackingStore(clients.documents, { table, retentionDays: 7, maxAttempts });
};

let seq = 0;
const rec = (recordId: string): BatchRecord => ({
  sequenceNumber: String(++seq).padStart(12, '0'),
  data: Buffer.from(JSON.stringify({ recordId })).toString('base64'),
  arrivedAt: ARRIVED,
});

/** The ventilator's ports on a real table; the worker is a counter the test scripts. */
const portsOn = (tracking: TrackingStore, answer: (id: string) => WorkerResult) => {
  const calls: string[] = [];
  const letters: DeadLetterRequest[] = [];
  return {
    calls,
    letters,
    ports: {
      tracking,
      now: () => ARRIVED,
      invokeWorker: async ({ recordId }: { recordId: string }) => {
        calls.push(recordId);
        await new Promise((resolve) => setTimeout(resolve, 5));
        return answer(recordId);
      },
      deadLetter: async (letter: DeadLetterRequest) => {
        letters.push(letter);
      },
    },
  };
};
const OK: WorkerResult = { outcome: 'ok', latencyMs: 20 };
const options = { maxConcurrency: 10, leaseMs: 60_000 };

describe('TrackingStore on DynamoDB Local: at most one fetch per record per day', () => {
  it('lets only one of many concurrent claims of a record win', async () => {
    const store = await freshStore();
    const claims = await Promise.all(
      Array.from({ length: 20 }, () => store.claim({ recordId: 'r1', day: DAY }, ARRIVED, 60_000)),
    );
    expect(claims.filter((claim) => claim.claimed)).toHaveLength(1);
  });

  it('fetches once when concurrent batches (duplicates, parallel shards) carry the same records', async () => {
    const store = await freshStore();
    const { calls, ports } = portsOn(store, () => OK);
    const ids = Array.from({ length: 30 }, (_, i) => `rec-${i}`);
    const batches = Array.from({ length: 4 }, () => [...ids, ...ids].map(rec));
    const results = await Promise.all(batches.map((batch) => ventilate(batch, ports, options)));
    expect(new Set(calls).size).toBe(ids.length);
    expect(calls).toHaveLength(ids.length);
    // Records a concurrent batch was still fetching are reported; their redelivery finds them fetched.
    for (const [index, result] of results.entries()) {
      const failed = new Set(result.batchItemFailures.map((failure) => failure.itemIdentifier));
      const redelivered = (batches[index] ?? []).filter((record) => failed.has(record.sequenceNumber));
      const again = await ventilate(redelivered, ports, options);
      expect(again.batchItemFailures).toEqual([]);
    }
    expect(calls).toHaveLength(ids.length);
  });

  it('survives a restart: a new store (cold start) skips what was fetched', async () => {
    const store = await freshStore();
    await ventilate(['a', 'b'].map(rec), portsOn(store, () => OK).ports, options);
    const restarted = new TrackingStore(clients.documents, {
      table: `${TABLE}-${tableSeq}`,
      retentionDays: 7,
      maxAttempts: 3,
    });
    const { calls, ports } = portsOn(restarted, () => OK);
    await ventilate(['a', 'b', 'c'].map(rec), ports, options);
    expect(calls).toEqual(['c']);
  });

  it('refetches after a claim expired (crashed fan-out), but never a fetched record', async () => {
    const store = await freshStore();
    const key = { recordId: 'crashed', day: DAY };
    expect((await store.claim(key, ARRIVED, 1_000)).claimed).toBe(true);
    expect((await store.claim(key, ARRIVED + 500, 1_000)).claimed).toBe(false);
    const late = await store.claim(key, ARRIVED + 2_000, 1_000);
    expect(late).toEqual({ claimed: true, attempts: 2 });
    // The crashed attempt cannot settle over the live one.
    expect(await store.settle(key, 1, { status: 'fetched', latencyMs: 1 }, ARRIVED + 2_100)).toBe(false);
    expect(await store.settle(key, 2, { status: 'fetched', latencyMs: 1 }, ARRIVED + 2_100)).toBe(true);
    expect((await store.claim(key, ARRIVED + 1_000_000, 1_000)).claimed).toBe(false);
  });

  it('retries a partial failure without redoing what succeeded, then dead-letters what keeps failing', async () => {
    const store = await freshStore(2);
    const { calls, letters, ports } = portsOn(store, (id) =>
      id === 'bad' ? { outcome: 'error', latencyMs: 5, status: 500, error: 'HTTP 500' } : OK,
    );
    const batch = ['good', 'bad', 'other'].map(rec);
    const first = await ventilate(batch, ports, options);
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: batch[1]?.sequenceNumber }]);
    const second = await ventilate(batch.slice(1), ports, options);
    expect(second.batchItemFailures).toEqual([]);
    expect(calls.sort()).toEqual(['bad', 'bad', 'good', 'other']);
    expect(letters).toEqual([expect.objectContaining({ recordId: 'bad', attempts: 2, message: 'HTTP 500' })]);
    expect(await store.get({ recordId: 'bad', day: DAY })).toMatchObject({
      status: 'dead',
      attempts: 2,
      lastError: 'HTTP 500',
    });
    expect(await store.get({ recordId: 'good', day: DAY })).toMatchObject({ status: 'fetched', attempts: 1 });
  });

  it('reads more than 100 keys (BatchGetItem pages) and keeps the controller state', async () => {
    const store = await freshStore();
    const ids = Array.from({ length: 150 }, (_, i) => `many-${i}`);
    await ventilate(ids.map(rec), portsOn(store, () => OK).ports, { ...options, maxConcurrency: 25 });
    const known = await store.getMany(ids.map((recordId) => ({ recordId, day: DAY })));
    expect(known.size).toBe(150);
    await store.writeControllerState({ controller: 'article', batchSize: 3 }, ARRIVED, 0);
    expect(await store.readControllerState()).toEqual({
      state: { controller: 'article', batchSize: 3 },
      version: 1,
    });
  });
});
