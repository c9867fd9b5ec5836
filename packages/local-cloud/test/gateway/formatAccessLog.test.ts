import { type AccessLogFields, formatAccessLog } from '../../src/gateway/formatAccessLog';

const fields: AccessLogFields = {
  requestId: 'req-1',
  sourceIp: '127.0.0.1',
  requestTime: new Date('2026-02-03T04:05:06.789Z'),
  httpMethod: 'POST',
  path: '/posts',
  routeKey: 'POST /posts',
  status: 201,
  protocol: 'HTTP/1.1',
  responseLength: 57,
  latencyMs: 12,
};

describe('formatAccessLog', () => {
  it('substitutes the $context variables of the stage format', () => {
    const format =
      '$context.identity.sourceIp - - [$context.requestTime] "$context.httpMethod $context.routeKey $context.protocol" $context.status $context.responseLength $context.requestId';

    expect(formatAccessLog(format, fields)).toBe(
      '127.0.0.1 - - [03/Feb/2026:04:05:06 +0000] "POST POST /posts HTTP/1.1" 201 57 req-1',
    );
  });

  it('fills a JSON format, as the serverless httpApi logs setting writes it', () => {
    const format =
      '{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","requestTimeEpoch":"$context.requestTimeEpoch","path":"$context.path","status":"$context.status","latency":"$context.responseLatency","integrationLatency":"$context.integrationLatency"}';

    expect(JSON.parse(formatAccessLog(format, fields))).toEqual({
      requestId: 'req-1',
      ip: '127.0.0.1',
      requestTimeEpoch: String(fields.requestTime.getTime()),
      path: '/posts',
      status: '201',
      latency: '12',
      integrationLatency: '12',
    });
  });

  it('writes the request time in CLF form, in UTC, with two-digit day and time parts', () => {
    const early = { ...fields, requestTime: new Date('2026-12-09T01:02:03Z') };

    expect(formatAccessLog('$context.requestTime', early)).toBe('09/Dec/2026:01:02:03 +0000');
  });

  it('leaves variables it does not know as they are', () => {
    expect(formatAccessLog('$context.status $context.authorizer.error', fields)).toBe(
      '201 $context.authorizer.error',
    );
  });

  it('writes a JSON line with every field when the stage has no format', () => {
    expect(JSON.parse(formatAccessLog(undefined, fields))).toEqual({
      requestId: 'req-1',
      'identity.sourceIp': '127.0.0.1',
      requestTime: '03/Feb/2026:04:05:06 +0000',
      requestTimeEpoch: String(fields.requestTime.getTime()),
      httpMethod: 'POST',
      path: '/posts',
      routeKey: 'POST /posts',
      status: '201',
      protocol: 'HTTP/1.1',
      responseLength: '57',
      responseLatency: '12',
      integrationLatency: '12',
    });
  });
});
