import { gzipSync } from 'node:zlib';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { createAwsClients } from '@kes/aws-clients';
import type { Envelope } from '@kes/envelope';
import { startEmulators, type TestEmulators } from '@kes/local-cloud';
import { LakeSource, type SourcePosition } from '../../src';
import { at, totalChanged } from '../helpers/events';

let emulators: TestEmulators;
let clients: ReturnType<typeof createAwsClients>;

/** Objects as Firehose writes them: `<stream>/yyyy/MM/dd/HH/<name>.gz`, gzip'd NDJSON. */
const put = (key: string, events: Envelope[], extraLines: string[] = []) =>
  clients.s3.send(
    new PutObjectCommand({
      Bucket: 'lake',
      Key: key,
      Body: gzipSync(
        [...events.map((event) => JSON.stringify(event)), ...extraLines].join('\n').concat('\n'),
      ),
    }),
  );

const a = [1, 2, 3].map((version) => totalChanged('post-a', version, 60 * version)); // 10:01–10:03
const b = [1, 2].map((version) => totalChanged('post-b', version, 3600 + 60 * version)); // 11:01–11:02
const late = totalChanged('post-a', 4, 3590); // 10:59:50, arrived in the 11 o'clock hour

beforeAll(async () => {
  emulators = await startEmulators({ s3: true });
  clients = createAwsClients(emulators.env);
  await clients.s3.send(new CreateBucketCommand({ Bucket: 'lake' }));
  await put('kes-dev-claps/2026/02/01/10/kes-dev-lake-claps-1-2026-02-01-10-05-00-x.gz', a, ['not json']);
  await put('kes-dev-claps/2026/02/01/11/kes-dev-lake-claps-1-2026-02-01-11-05-00-y.gz', [late, ...b]);
  await put('errors/kes-dev-claps/processing-failed/2026/02/01/10/z.gz', [totalChanged('post-x', 1, 100)]);
});

afterAll(() => emulators?.stop());

const collect = async (source: LakeSource, position?: SourcePosition) => {
  const items: { event?: Envelope; data?: Uint8Array; position: SourcePosition }[] = [];
  for await (const item of source.read(position)) items.push(item);
  return items;
};

describe('LakeSource against the S3 emulator', () => {
  it('reads the objects of the hours around the range in order, with the original bytes, skipping errors/ and bad lines', async () => {
    const malformed: number[] = [];
    const source = new LakeSource({
      s3: clients.s3,
      bucket: 'lake',
      from: at(0),
      to: at(3600),
      onMalformed: (_, line) => malformed.push(line),
    });

    const items = await collect(source);
    const events = items.flatMap((item) => (item.event ? [item.event] : []));

    // The 11 o'clock object is read too (margin): the runner's filter drops what is out of range.
    expect(events.map((event) => `${event.subject.id}@${event.version}`)).toEqual([
      'post-a@1',
      'post-a@2',
      'post-a@3',
      'post-a@4',
      'post-b@1',
      'post-b@2',
    ]);
    expect(Buffer.from(items[0]?.data ?? []).toString('utf8')).toBe(JSON.stringify(a[0]));
    expect(malformed).toEqual([4]);
  });

  it('resumes inside an object right after the line of the position', async () => {
    const source = new LakeSource({ s3: clients.s3, bucket: 'lake', from: at(0), to: at(3600) });
    const all = await collect(source);
    const second = all.findIndex((item) => item.event?.id === a[1]?.id);

    const rest = await collect(source, all[second]?.position);

    expect(rest.flatMap((item) => (item.event ? [item.event.id] : []))).toEqual(
      [a[2], late, ...b].map((event) => event?.id),
    );
  });
});
