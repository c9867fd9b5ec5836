import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { PutRecordCommand } from '@aws-sdk/client-kinesis';
import {
  GetEventSourceMappingCommand,
  InvokeCommand,
  ListEventSourceMappingsCommand,
  UpdateEventSourceMappingCommand,
} from '@aws-sdk/client-lambda';
import {
  holdMapping,
  holdReason,
  IngestionWindows,
  MappingControl,
  type ProviderSimulator,
  startProviderSimulator,
} from '@kes/service-ingestion';
import { System, waitFor } from './helpers/system';

/** The `acme` deployment of services/ingestion (serverless-compose.yml). */
describe('ingestion (provider acme): fetched once per day, self-healing on a failing provider', () => {
  const system = System.shared();
  const providerPort = system.providerPort('acme');
  const stage = system.coordinates.stage;
  const stream = `kes-${stage}-ingestion-acme`;
  const table = `kes-${stage}-ingestion-acme-tracking`;
  const ventilator = `kes-ingestion-acme-${stage}-ventilator`;
  const run = `e2e${Date.now().toString(36)}`;
  let provider: ProviderSimulator | undefined;

  const healthy = () =>
    startProviderSimulator({
      port: providerPort,
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

  describe('POST /ingestions/acme and GET /ingestions/acme/{jobId}', () => {
    type Job = {
      jobId: string;
      status: string;
      total: number | null;
      enqueued: number;
      fetched: number;
      deadLettered: number;
      pending: number;
    };
    /** The ingestion routes want the `kes/ingestions` scope (members' tokens get 403). */
    const admin = <T>(method: string, path: string, options: { body?: unknown } = {}) =>
      system.call<T>(method, path, { ...options, scopes: 'kes/ingestions' });
    const job = async (jobId: string) => admin<Job>('GET', `/ingestions/acme/${jobId}`);

    it('202 with a job id; every listed record is fetched exactly once; GET shows the progress to done', async () => {
      provider = await healthy();
      const ids = Array.from({ length: 15 }, (_, i) => `${run}-p${i}`);
      const created = await admin<Job>('POST', '/ingestions/acme', {
        body: { provider: 'acme', recordIds: [...ids, ...ids.slice(0, 5)] },
      });
      expect(created.status).toBe(202);
      expect(created.body).toMatchObject({ total: 15, enqueued: 15 });
      expect(created.headers.get('location')).toBe(`/ingestions/acme/${created.body.jobId}`);

      await waitFor(
        async () => (await job(created.body.jobId)).body.status === 'done',
        'the job done',
        90_000,
      );
      expect((await job(created.body.jobId)).body).toMatchObject({
        status: 'done',
        total: 15,
        enqueued: 15,
        fetched: 15,
        deadLettered: 0,
        pending: 0,
      });
      const requests = provider.requestsById();
      for (const id of ids) expect([id, requests.get(id)]).toEqual([id, 1]);
    }, 180_000);

    it("without recordIds ingests the provider's catalogue of the day; the schedule (invoked by hand) holds nothing back", async () => {
      await provider?.stop();
      provider = await startProviderSimulator({
        port: providerPort,
        timeline: [{ name: 'healthy', kind: 'healthy', latency: { medianMs: 20, sigma: 0.2 } }],
        catalogue: { size: 40, prefix: `${run}-c-` },
      });
      const created = await admin<Job>('POST', '/ingestions/acme', { body: {} });
      expect(created.status).toBe(202);
      expect(created.body).toMatchObject({ total: 40, enqueued: 40 });
      await waitFor(
        async () => (await job(created.body.jobId)).body.fetched === 40,
        'the catalogue fetched',
        90_000,
      );

      // The enqueue schedule (the e2e local cloud runs schedules only on demand): inside the windows (acme: any time) it
      // creates today's daily job; the catalogue's ids, already fetched today, are not fetched again.
      const invoked = await system.clients.lambda.send(
        new InvokeCommand({ FunctionName: `kes-ingestion-acme-${stage}-enqueue` }),
      );
      const run1 = JSON.parse(Buffer.from(invoked.Payload ?? new Uint8Array()).toString('utf8'));
      expect(run1.check).toEqual({ allowed: true });
      const day = new Date().toISOString().slice(0, 10);
      await waitFor(
        async () => (await job(`daily-${day}`)).body.status === 'done',
        'the daily job done',
        90_000,
      );
      const requests = provider.requestsById();
      for (const id of provider.catalogueIds(day)) expect([id, requests.get(id)]).toEqual([id, 1]);
    }, 180_000);

    it('outside the windows the mapping is held: records wait on the stream, unfetched; the first tick inside re-enables it', async () => {
      provider = await healthy();
      // The ventilator's and tick's hold (acme's own windows allow any time): an off-peak window two hours
      // from now, so now is outside it.
      const hour = new Date().getUTCHours();
      const pad = (h: number) => String(h % 24).padStart(2, '0');
      const closed = IngestionWindows.parse({ offPeakWindows: `${pad(hour + 2)}:00-${pad(hour + 3)}:00` });
      const check = closed.check(Date.now());
      if (check.allowed) throw new Error('expected now to be outside the window');
      await holdMapping(new MappingControl(system.clients.lambda, ventilator), holdReason(check));
      await waitFor(async () => (await mapping()).State === 'Disabled', 'the mapping disabled', 60_000);

      const ids = Array.from({ length: 5 }, (_, i) => `${run}-h${i}`);
      for (const id of ids) await enqueue(id);
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      for (const id of ids) expect([id, await tracked(id)]).toEqual([id, undefined]);
      expect(provider.requestsById().size).toBe(0);

      const tick = await system.clients.lambda.send(
        new InvokeCommand({ FunctionName: `kes-ingestion-acme-${stage}-tick` }),
      );
      expect(JSON.parse(Buffer.from(tick.Payload ?? new Uint8Array()).toString('utf8'))).toMatchObject({
        enabled: true,
      });
      for (const id of ids)
        await waitFor(async () => (await tracked(id)) === 'fetched', `${id} fetched after the hold`, 60_000);
      const requests = provider.requestsById();
      for (const id of ids) expect([id, requests.get(id)]).toEqual([id, 1]);
    }, 180_000);

    it('400 for an unknown provider, an empty list, a malformed id, a notBefore without a zone', async () => {
      const cases: Array<[unknown, string, RegExp]> = [
        [{ provider: 'hooli', recordIds: ['a'] }, 'body.provider', /unknown provider "hooli"/],
        [{ provider: 'globex', recordIds: ['a'] }, 'body.provider', /POST \/ingestions\/globex/],
        [{ recordIds: [] }, 'body.recordIds', /empty list/],
        [{ recordIds: ['ok-1', 'not ok/2'] }, 'body.recordIds.1', /acme record id/],
        [{ notBefore: '2026-11-23T02:00:00' }, 'body.notBefore', /with a zone/],
      ];
      for (const [body, path, message] of cases) {
        const answer = await admin<{
          error: { code: string; details: Array<{ path: string; message: string }> };
        }>('POST', '/ingestions/acme', { body });
        expect([body, answer.status, answer.body.error.code]).toEqual([body, 400, 'ValidationError']);
        expect(answer.body.error.details).toEqual([{ path, message: expect.stringMatching(message) }]);
      }
    }, 60_000);

    it('404 for an unknown job, 400 for a malformed job id, 401 without a token, 403 with a member token', async () => {
      const unknown = await admin<{ error: { code: string } }>(
        'GET',
        '/ingestions/acme/20260101T000000Z-00000000',
      );
      expect([unknown.status, unknown.body.error.code]).toEqual([404, 'IngestionNotFound']);
      const malformed = await admin<{ error: { code: string } }>('GET', '/ingestions/acme/nope');
      expect([malformed.status, malformed.body.error.code]).toEqual([400, 'ValidationError']);
      const anonymous = await system.call('POST', '/ingestions/acme', { memberId: null, body: {} });
      expect(anonymous.status).toBe(401);
      const member = await system.call('POST', '/ingestions/acme', { body: {} });
      expect(member.status).toBe(403);
    }, 60_000);
  });

  it('lowers the batch size, then disables the mapping, when the provider fails (seen through the Lambda API)', async () => {
    provider = await startProviderSimulator({
      port: providerPort,
      timeline: [{ name: 'outage', kind: 'outage', latency: { medianMs: 10, sigma: 0.1 }, errorRate: 1 }],
    });
    for (let i = 0; i < 30; i++) await enqueue(`${run}-f${i}`);

    await waitFor(async () => ((await mapping()).BatchSize ?? 10) < 10, 'a lower batch size', 90_000);
    await waitFor(
      async () => (await mapping()).State === 'Disabled',
      'the mapping disabled (circuit open)',
      90_000,
    );

    // The scheduled tick (invoked by hand: the e2e local cloud runs schedules only on demand) keeps it open until a probe is due.
    const tick = await system.clients.lambda.send(
      new InvokeCommand({ FunctionName: `kes-ingestion-acme-${stage}-tick` }),
    );
    const answer = JSON.parse(Buffer.from(tick.Payload ?? new Uint8Array()).toString('utf8'));
    expect(answer).toMatchObject({ circuit: 'open', enabled: false });
    expect((await mapping()).State).toBe('Disabled');
  }, 240_000);
});
