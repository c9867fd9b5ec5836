import { AccessDeniedException } from '@aws-sdk/client-kinesis';
import { FlushError, OrderedKinesisWriter, WriterClosedError } from '../src';
import { FakeKinesis, settle } from './helpers/FakeKinesis';
import { recordFor } from './helpers/records';
import { writerFor } from './helpers/writerFor';

const refusing = (data: string, manual = false) =>
  new FakeKinesis({
    manual,
    fault: (input) =>
      Buffer.from(input.Data ?? []).toString() === data
        ? {
            error: new AccessDeniedException({
              message: 'denied (test)',
              $metadata: { httpStatusCode: 400 },
            }),
          }
        : undefined,
  });

/** Records that a promise's rejection is expected (the test reads it through flush instead). */
const expectRejection = (promise: Promise<unknown>) => promise.catch(() => undefined);

describe('OrderedKinesisWriter: flush', () => {
  it('resolves at once when nothing was put', async () => {
    const { writer } = writerFor(new FakeKinesis());
    await expect(writer.flush()).resolves.toBeUndefined();
  });

  it('waits until every record put before it is acknowledged', async () => {
    const fake = new FakeKinesis({ manual: true });
    const { writer } = writerFor(fake);
    const acknowledged: string[] = [];
    for (const key of ['a', 'b', 'a']) void writer.put(recordFor(key, 0)).then(() => acknowledged.push(key));

    let flushed = false;
    const flush = writer.flush().then(() => (flushed = true));
    await fake.answer();
    expect(flushed).toBe(false);

    await fake.answer();
    await flush;
    expect(acknowledged).toEqual(['a', 'b', 'a']);
  });

  it('does not wait for records put after it', async () => {
    const fake = new FakeKinesis({ manual: true });
    const { writer } = writerFor(fake);
    const early = writer.put(recordFor('a', 0));
    const flush = writer.flush();
    const late = writer.put(recordFor('b', 0));
    await settle();

    await fake.answer('a');
    await expect(flush).resolves.toBeUndefined();
    expect(fake.held.map((call) => call.input.PartitionKey)).toEqual(['b']);
    await fake.answer();
    await Promise.all([early, late]);
  });

  it('rejects with a FlushError listing every failed, skipped or refused record in call order', async () => {
    const fake = refusing('a#0');
    const { writer } = writerFor(fake, { maxRecordSizeBytes: 100 });
    const puts = [
      writer.put(recordFor('a', 0)),
      writer.put(recordFor('b', 0)),
      writer.put(recordFor('a', 1)),
      writer.put({ partitionKey: 'c', data: new Uint8Array(100) }),
    ];
    for (const put of puts) void expectRejection(put);

    const failure = await writer.flush().catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(FlushError);
    expect(failure).toMatchObject({ code: 'FLUSH_FAILED', omitted: 0 });
    expect(
      (failure as FlushError).failures.map(({ partitionKey, error }) => [partitionKey, error.code]),
    ).toEqual([
      ['a', 'PUT_RECORD_FAILED'],
      ['a', 'KEY_BROKEN'],
      ['c', 'RECORD_TOO_LARGE'],
    ]);
    expect((failure as Error).message).toBe('3 record(s) failed for 2 partition key(s): a, c');
  });

  it('reports failures that happened before it was called, and each failure only once', async () => {
    const fake = refusing('a#0');
    const { writer } = writerFor(fake);
    await expectRejection(writer.put(recordFor('a', 0)));

    await expect(writer.flush()).rejects.toMatchObject({ failures: [{ partitionKey: 'a' }] });
    await expect(writer.flush()).resolves.toBeUndefined();
  });

  it('leaves failures of records put after it to the next flush', async () => {
    const fake = refusing('b#0', true);
    const { writer } = writerFor(fake);
    const early = writer.put(recordFor('a', 0));
    const flush = writer.flush();
    const late = expectRejection(writer.put(recordFor('b', 0)));
    await settle();

    await fake.answer();
    await expect(flush).resolves.toBeUndefined();
    await Promise.all([early, late]);
    await expect(writer.flush()).rejects.toMatchObject({ failures: [{ partitionKey: 'b' }] });
  });
});

describe('OrderedKinesisWriter: close', () => {
  it('refuses puts after close and waits for those before it', async () => {
    const fake = new FakeKinesis({ manual: true });
    const { writer } = writerFor(fake);
    const before = writer.put(recordFor('a', 0));

    const closing = writer.close();
    await expect(writer.put(recordFor('a', 1))).rejects.toBeInstanceOf(WriterClosedError);
    await fake.answer();

    await expect(before).resolves.toMatchObject({ attempts: 1 });
    await expect(closing).resolves.toBeUndefined();
    expect(fake.calls).toHaveLength(1);
  });

  it('is what `await using` calls', async () => {
    const fake = new FakeKinesis();
    const writer = new OrderedKinesisWriter({ client: fake, streamName: 'events' });
    const put = writer.put(recordFor('a', 0));

    await writer[Symbol.asyncDispose]();

    await expect(put).resolves.toMatchObject({ attempts: 1 });
    await expect(writer.put(recordFor('a', 1))).rejects.toMatchObject({ code: 'WRITER_CLOSED' });
  });
});
