import { AccessDeniedException } from '@aws-sdk/client-kinesis';
import { isKinesisWriterError, KeyBrokenError, PutRecordFailedError, RecordTooLargeError } from '../src';
import { FakeKinesis, settle } from './helpers/FakeKinesis';
import { recordFor } from './helpers/records';
import { writerFor } from './helpers/writerFor';

const denied = () =>
  new AccessDeniedException({ message: 'not allowed (test)', $metadata: { httpStatusCode: 400 } });

/** A fake that refuses one record (by its data) with a non-retryable error. */
const refusing = (data: string, options: { manual?: boolean } = {}) =>
  new FakeKinesis({
    ...options,
    fault: (input) => (Buffer.from(input.Data ?? []).toString() === data ? { error: denied() } : undefined),
  });

const outcome = (promise: Promise<unknown>) =>
  promise.then(
    () => 'acknowledged',
    (error: unknown) => (isKinesisWriterError(error) ? error.code : 'unexpected'),
  );

describe('OrderedKinesisWriter: a record that fails for good breaks its key', () => {
  it('rejects the records queued behind the failure without sending them, and leaves other keys alone', async () => {
    const fake = refusing('post-1#1');
    const { writer } = writerFor(fake);

    const outcomes = await Promise.all([
      outcome(writer.put(recordFor('post-1', 0))),
      outcome(writer.put(recordFor('post-1', 1))),
      outcome(writer.put(recordFor('post-2', 0))),
      outcome(writer.put(recordFor('post-1', 2))),
      outcome(writer.put(recordFor('post-1', 3))),
      outcome(writer.put(recordFor('post-2', 1))),
    ]);

    expect(outcomes).toEqual([
      'acknowledged',
      'PUT_RECORD_FAILED',
      'acknowledged',
      'KEY_BROKEN',
      'KEY_BROKEN',
      'acknowledged',
    ]);
    expect(fake.storedFor('post-1')).toEqual(['post-1#0']);
    expect(fake.storedFor('post-2')).toEqual(['post-2#0', 'post-2#1']);
    expect(fake.calls.map((call) => Buffer.from(call.Data ?? []).toString())).not.toContain('post-1#2');
    expect(writer.stats()).toMatchObject({
      acknowledged: 3,
      failed: 1,
      rejected: 2,
      brokenKeys: 1,
      inFlight: 0,
      queued: 0,
    });
  });

  it('names the failure that broke the key in every KeyBrokenError', async () => {
    const fake = refusing('post-1#0');
    const { writer } = writerFor(fake);

    const [failed, skipped] = await Promise.allSettled([
      writer.put(recordFor('post-1', 0)),
      writer.put(recordFor('post-1', 1)),
    ]);

    const failure = failed.status === 'rejected' ? failed.reason : undefined;
    const broken = skipped.status === 'rejected' ? skipped.reason : undefined;
    expect(failure).toBeInstanceOf(PutRecordFailedError);
    expect(broken).toBeInstanceOf(KeyBrokenError);
    expect(broken).toMatchObject({ partitionKey: 'post-1', cause: failure });
    expect((broken as Error).message).toContain('resetKey("post-1")');
  });

  it('refuses a put on a broken key at once, without sending it', async () => {
    const fake = refusing('post-1#0');
    const { writer } = writerFor(fake);
    await writer.put(recordFor('post-1', 0)).catch(() => undefined);

    await expect(writer.put(recordFor('post-1', 1))).rejects.toBeInstanceOf(KeyBrokenError);

    expect(fake.calls).toHaveLength(1);
    expect(writer.stats().rejected).toBe(1);
  });

  it('takes records for the key again after resetKey, chained to its last acknowledged record', async () => {
    const fake = refusing('post-1#1');
    const { writer } = writerFor(fake);
    const first = await writer.put(recordFor('post-1', 0));
    await writer.put(recordFor('post-1', 1)).catch(() => undefined);

    expect(writer.resetKey('post-1')).toBe(true);
    await writer.put(recordFor('post-1', 2));

    expect(fake.storedFor('post-1')).toEqual(['post-1#0', 'post-1#2']);
    expect(fake.calls.at(-1)?.SequenceNumberForOrdering).toBe(first.sequenceNumber);
    expect(writer.stats().brokenKeys).toBe(0);
  });

  it('resetKey answers false for a key that is not broken or not known, and changes nothing', async () => {
    const fake = new FakeKinesis();
    const { writer } = writerFor(fake);
    const first = await writer.put(recordFor('post-1', 0));

    expect(writer.resetKey('post-1')).toBe(false);
    expect(writer.resetKey('never-seen')).toBe(false);
    await writer.put(recordFor('post-1', 1));
    expect(fake.calls[1]?.SequenceNumberForOrdering).toBe(first.sequenceNumber);
  });

  it('never sends, even after resetKey, a record put before the failure that was still waiting for room', async () => {
    const fake = refusing('post-1#0', { manual: true });
    const { writer } = writerFor(fake, { maxBufferedRecords: 2 });
    const first = outcome(writer.put(recordFor('post-1', 0)));
    const other = outcome(writer.put(recordFor('other', 0)));
    const otherWaiting = outcome(writer.put(recordFor('other', 1)));
    const waiting = outcome(writer.put(recordFor('post-1', 1)));
    await settle();
    expect(writer.stats().waitingForRoom).toBe(2);

    await fake.answer('post-1'); // fails; its slot goes to other#1, so post-1#1 is still waiting
    expect(writer.stats().waitingForRoom).toBe(1);
    expect(writer.resetKey('post-1')).toBe(true);
    await fake.answer('other'); // frees a slot for post-1#1
    const after = outcome(writer.put(recordFor('post-1', 2)));
    await settle();
    await fake.answer();
    await fake.answer();

    expect(await Promise.all([first, other, otherWaiting, waiting, after])).toEqual([
      'PUT_RECORD_FAILED',
      'acknowledged',
      'acknowledged',
      'KEY_BROKEN',
      'acknowledged',
    ]);
    expect(fake.storedFor('post-1')).toEqual(['post-1#2']);
  });

  it('tells onFailure about the failure once, and a throwing hook changes nothing', async () => {
    const fake = refusing('post-1#0');
    const failures: PutRecordFailedError[] = [];
    const { writer } = writerFor(fake, {
      onFailure: (error) => {
        failures.push(error);
        throw new Error('hook bug');
      },
    });

    await Promise.allSettled([writer.put(recordFor('post-1', 0)), writer.put(recordFor('post-1', 1))]);
    await writer.put(recordFor('post-2', 0));

    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ partitionKey: 'post-1', errorCode: 'AccessDeniedException' });
  });

  it('does not break the key for a record refused before sending: it never entered the key’s sequence', async () => {
    const fake = new FakeKinesis();
    const { writer } = writerFor(fake, { maxRecordSizeBytes: 64 });

    const tooLarge = writer.put({ partitionKey: 'post-1', data: new Uint8Array(64) });
    const next = writer.put(recordFor('post-1', 1));

    await expect(tooLarge).rejects.toBeInstanceOf(RecordTooLargeError);
    await expect(next).resolves.toMatchObject({ attempts: 1 });
    expect(fake.storedFor('post-1')).toEqual(['post-1#1']);
    expect(writer.stats()).toMatchObject({ rejected: 1, brokenKeys: 0 });
  });
});
