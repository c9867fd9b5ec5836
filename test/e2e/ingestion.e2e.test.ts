import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { PutRecordCommand } from '@aws-sdk/client-kinesis';
import {
  GetEventSourceMappingCommand,
  InvokeCommand,
  ListEventSourceMappingsCommand,
  UpdateEventSourceMappingCommand,
} from '@aws-sdk/client-lambda';
import { type ProviderSimulator, startProviderSimulator } from '@kes/service-ingestion';
import { System, waitFor } from './helpers/system';

/** The `acme` deployment of services/ingestion (serverless-compose.yml), and its provider's port. */
const PROVIDER_PORT = 4710;

describe('ingestion (provider acme): fetched once per day, self-healing on a failing provider', () => {
  const system = System.shared();
  const stage = system.coordinates.stage;
  const stream = `kes-${stage}-ingestion-acme`;
  const table = `kes-${stage}-ingestion-acme-tracking`;
  const ventilator = `kes-ingestion-acme-${stage}-ventilator`;
  const run = `e2e${Date.now().toString(36)}`;
  let provider: ProviderSimulator | undefined;

  const healthy = () =>
    startProviderSimulator({
      port: PROVIDER_PORT,
      timeline: [{ name: 'healthy', kind: 'healthy', latency: { medianMs: 20, sigma: 0.2 } }],
    });
  const enqueue = async (recordId: string) =>
    system.clients.kinesis.send(
      new PutRecordCommand({
        StreamName: stream,
        PartitionKey: recordId,
        Data: Buffer.from(JSON.stringify({ recordId })),
      }),
    );
  const tracked = async (recordId: string) => {
    const day = new Date().toISOString().slice(0, 10);
    const { Item } = await system.clients.dynamodb.send(
      new GetItemCommand({ TableName: table, Key: { recordId: { S: recordId }, day: { S: day } } }),
    );
    return Item?.status?.S;
  };
  const mapping = async () => {
    const { EventSourceMappings = [] } = await system.clients.lambda.send(
      new ListEventSourceMappingsCommand({ FunctionName: ventilator }),
    );
    const uuid = EventSourceMappings[0]?.UUID;
    if (!uuid) throw new Error(`no mapping for ${ventilator}`);
    return system.clients.lambda.send(new GetEventSourceMappingCommand({ UUID: uuid }));
  };

  afterEach(async () => {
    await provider?.stop();
    provider = undefined;
  });

  afterAll(async () => {
    // Leave the mapping as deployed for whoever runs next.
    const current = await mapping();
    await waitFor(
      async () => ['Enabled', 'Disabled'].includes((await mapping()).State ?? ''),
      'mapping settled',
    );
    await system.clients.lambda.send(
      new UpdateEventSourceMappingCommand({ UUID: current.UUID, BatchSize: 10, Enabled: true }),
    );
  });

  it('fetches every record put on the stream exactly once, duplicates and re-puts included', async () => {
    provider = await healthy();
    const ids = Array.from({ length: 12 }, (_, i) => `${run}-r${i}`);
    for (const id of [...ids, ...ids.slice(0, 4)]) await enqueue(id);
    for (const id of ids)
      await waitFor(async () => (await tracked(id)) === 'fetched', `${id} fetched`, 60_000);

    // Put them all again, then a sentinel behind them on the (single) shard: once the sentinel is
    // fetched, the re-put records have been delivered and skipped.
    for (const id of ids) await enqueue(id);
    const sentinel = `${run}-sentinel`;
    await enqueue(sentinel);
    await waitFor(async () => (await tracked(sentinel)) === 'fetched', 'sentinel fetched', 60_000);

    const requests = provider.requestsById();
    for (const id of [...ids, sentinel]) expect([id, requests.get(id)]).toEqual([id, 1]);
  }, 180_000);

  it('lowers the batch size, then disables the mapping, when the provider fails (seen through the Lambda API)', async () => {
    provider = await startProviderSimulator({
      port: PROVIDER_PORT,
      timeline: [{ name: 'outage', kind: 'outage', latency: { medianMs: 10, sigma: 0.1 }, errorRate: 1 }],
    });
    for (let i = 0; i < 30; i++) await enqueue(`${run}-f${i}`);

    await waitFor(async () => ((await mapping()).BatchSize ?? 10) < 10, 'a lower batch size', 90_000);
    await waitFor(
      async () => (await mapping()).State === 'Disabled',
      'the mapping disabled (circuit open)',
      90_000,
    );

    // The scheduled tick (invoked by hand: the local cloud runs no schedules) keeps it open until a probe is due.
    const tick = await system.clients.lambda.send(
      new InvokeCommand({ FunctionName: `kes-ingestion-acme-${stage}-tick` }),
    );
    const answer = JSON.parse(Buffer.from(tick.Payload ?? new Uint8Array()).toString('utf8'));
    expect(answer).toMatchObject({ circuit: 'open', enabled: false });
    expect((await mapping()).State).toBe('Disabled');
  }, 240_000);
});
