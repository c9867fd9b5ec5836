import { ResponseDeliveryError, sendResponse } from '../src';
import { contextWith, deleteEvent } from './helpers/events';
import { fakeClock } from './helpers/fakeClock';
import { ResponseServer } from './helpers/ResponseServer';
import { setup } from './helpers/setup';

const body = {
  Status: 'SUCCESS' as const,
  PhysicalResourceId: 'id',
  StackId: 'stack',
  RequestId: 'request',
  LogicalResourceId: 'Logical',
  Data: { UUID: 'id' },
};

describe('sendResponse', () => {
  let server: ResponseServer;
  beforeEach(async () => {
    server = await ResponseServer.start();
  });
  afterEach(() => server.stop());

  it('PUTs the JSON body with an empty Content-Type, as a pre-signed S3 URL requires', async () => {
    await sendResponse(server.url, body, { attempts: 3, attemptTimeoutMs: 2_000, clock: fakeClock() });

    expect(server.received).toHaveLength(1);
    expect(server.received[0]).toMatchObject({ method: 'PUT', body });
    expect(server.received[0]?.headers['content-type']).toBe('');
  });

  it('retries when the URL answers an error, then succeeds', async () => {
    server.failWith = [500, 503];

    await sendResponse(server.url, body, { attempts: 3, attemptTimeoutMs: 2_000, clock: fakeClock() });

    expect(server.received).toHaveLength(3);
  });

  it('gives up after the last attempt with ResponseDeliveryError', async () => {
    server.failWith = [500, 500, 500];

    await expect(
      sendResponse(server.url, body, { attempts: 3, attemptTimeoutMs: 2_000, clock: fakeClock() }),
    ).rejects.toBeInstanceOf(ResponseDeliveryError);
    expect(server.received).toHaveLength(3);
  });
});

describe('the handler when the ResponseURL cannot be reached', () => {
  it('logs the failure and rejects, so the invocation is marked failed', async () => {
    const env = await setup();
    env.server.failWith = [500, 500, 500];

    await expect(
      env.handler(deleteEvent(env.server.url, 'X-create-failed'), contextWith(60_000)),
    ).rejects.toBeInstanceOf(ResponseDeliveryError);
    expect(env.lines).toContainEqual(
      expect.objectContaining({ level: 'error', message: 'could not answer CloudFormation' }),
    );
    await env.server.stop();
  });
});
