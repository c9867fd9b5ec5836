import { rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { EventSourceMappingEngine } from '../esm/EventSourceMappingEngine';
import type { EventScheduler } from '../events/EventScheduler';
import type { FirehoseEmulator } from '../firehose/FirehoseEmulator';
import { isFaultsConfigError, parseKinesisFaults } from '../kinesis/faultsConfig';
import type { KinesisEmulator } from '../kinesis/KinesisEmulator';
import { closeServer, listenOnLoopback, urlOf } from '../util/net';

export interface ControlServerOptions {
  port: number;
  engine: EventSourceMappingEngine;
  kinesis: KinesisEmulator;
  firehose?: FirehoseEmulator;
  /** The templates' schedules (EventBridge rules, Scheduler schedules). */
  schedules?: EventScheduler;
  checkpointDir: string;
}

const send = (res: ServerResponse, status: number, body: unknown) => {
  const text = JSON.stringify(body, null, 2);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
};

const readJson = async (req: IncomingMessage): Promise<unknown> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
};

/**
 * The local cloud's own control endpoint (loopback only), for people and tests:
 * - `GET /mappings`: live figures of every event-source mapping (state, batch size, iterator age,
 *   invocations, errors);
 * - `POST /mappings/{uuid}/reset`: forget a mapping's checkpoints and start again from its starting
 *   position — what deleting and re-creating the mapping does on AWS (e.g. to rebuild a read model);
 * - `GET|PUT /faults/kinesis`: the Kinesis fault-injection settings (error rates, latency, outages;
 *   validated, outage windows may be relative: `startsInMs`);
 * - `GET /kinesis/throttles[?stream=…&operation=…]`: calls throttled by the shard limits per stream,
 *   shard and operation, with totals per operation; `DELETE /kinesis/throttles` sets them to zero;
 * - `GET /firehose`: live figures of every delivery stream (objects, records, bytes delivered, failed,
 *   buffered, read errors); `POST /firehose/flush` delivers every buffer now;
 * - `GET /schedules`: every schedule of the templates (expression, state, targets, next run, runs,
 *   invocations, failures, retries); `POST /schedules/{rule}/run` runs one now (by rule name, ARN or
 *   logical id), enabled or not, and answers each target's first attempt.
 */
export class ControlServer {
  readonly #options: ControlServerOptions;
  #server: Server | undefined;

  public constructor(options: ControlServerOptions) {
    this.#options = options;
  }

  public get url(): string {
    return urlOf(this.#server, this.#options.port);
  }

  public async start(): Promise<void> {
    const server = createServer((req, res) => {
      this.#handle(req, res).catch((error: Error) =>
        send(res, 500, { error: { code: 'InternalError', message: error.message } }),
      );
    });
    await listenOnLoopback(server, this.#options.port);
    this.#server = server;
  }

  public async stop(): Promise<void> {
    await closeServer(this.#server);
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { engine, kinesis } = this.#options;
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method === 'GET' && path === '/mappings') return send(res, 200, engine.stats());
    const reset = /^\/mappings\/([^/]+)\/reset$/.exec(path);
    if (req.method === 'POST' && reset) {
      const mapping = engine.get(reset[1] ?? '');
      if (!mapping)
        return send(res, 404, {
          error: { code: 'ResourceNotFoundException', message: `No mapping ${reset[1]}` },
        });
      const definition = mapping.definition;
      await engine.remove(definition.uuid);
      rmSync(join(this.#options.checkpointDir, `${definition.uuid}.json`), { force: true });
      await engine.add(definition);
      return send(res, 200, engine.get(definition.uuid)?.stats());
    }
    if (path === '/faults/kinesis' && req.method === 'GET') return send(res, 200, kinesis.faults.get());
    if (path === '/faults/kinesis' && req.method === 'PUT') {
      try {
        kinesis.setFaults(parseKinesisFaults(await readJson(req), Date.now(), 'faults'));
      } catch (error) {
        if (!isFaultsConfigError(error) && !(error instanceof SyntaxError)) throw error;
        return send(res, 400, { error: { code: 'InvalidFaults', message: (error as Error).message } });
      }
      return send(res, 200, kinesis.faults.get());
    }
    if (path === '/kinesis/throttles' && req.method === 'GET') {
      const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
      const throttles = kinesis.throttles({
        ...(query.get('stream') ? { streamName: query.get('stream') as string } : {}),
        ...(query.get('operation') ? { operation: query.get('operation') as string } : {}),
      });
      const totals: Record<string, number> = {};
      for (const count of throttles) totals[count.operation] = (totals[count.operation] ?? 0) + count.calls;
      return send(res, 200, { limits: kinesis.limits ?? null, totals, throttles });
    }
    const { firehose } = this.#options;
    if (path === '/firehose' && req.method === 'GET') return send(res, 200, firehose?.stats() ?? []);
    if (path === '/firehose/flush' && req.method === 'POST') {
      await firehose?.flush();
      return send(res, 200, firehose?.stats() ?? []);
    }
    const { schedules } = this.#options;
    if (path === '/schedules' && req.method === 'GET') return send(res, 200, schedules?.list() ?? []);
    const run = /^\/schedules\/([^/]+)\/run$/.exec(path);
    if (run && req.method === 'POST') return this.#runSchedule(res, decodeURIComponent(run[1] ?? ''));
    if (path === '/kinesis/throttles' && req.method === 'DELETE') {
      kinesis.resetThrottles();
      return send(res, 200, { totals: {}, throttles: [] });
    }
    send(res, 404, { error: { code: 'NotFound', message: `No control route ${req.method} ${path}` } });
  }

  async #runSchedule(res: ServerResponse, reference: string): Promise<void> {
    const scheduler = this.#options.schedules;
    const matches = scheduler?.matching(reference) ?? [];
    if (matches.length !== 1) {
      const known = (scheduler?.list() ?? []).map(({ name }) => name).join(', ') || 'none';
      return matches.length === 0
        ? send(res, 404, {
            error: {
              code: 'ResourceNotFoundException',
              message: `No schedule ${reference} (schedules: ${known})`,
            },
          })
        : send(res, 409, {
            error: {
              code: 'AmbiguousSchedule',
              message: `${reference} names ${matches.length} schedules (${matches.map(({ name }) => name).join(', ')}): use a rule name`,
            },
          });
    }
    const outcome = await scheduler?.run(reference);
    send(res, 200, {
      event: outcome?.event,
      targets: outcome?.targets.map(({ id, functionName, result }) => ({ id, functionName, ...result })),
    });
  }
}
