import { ControlPlaneThrottle, TokenBucket } from '../../src/lambda/ControlPlaneThrottle';
import { isLambdaApiError, type LambdaApiError } from '../../src/lambda/errors';
import { FakeClock } from '../helpers/FakeClock';

const STREAM = 'arn:aws:kinesis:us-east-1:000000000000:stream/posts';
const OTHER_STREAM = 'arn:aws:kinesis:us-east-1:000000000000:stream/claps';

/** Admits `count` requests at the same instant; returns the errors of those refused. */
const burst = (throttle: ControlPlaneThrottle, count: number, action: string, stream?: string) => {
  const refused: LambdaApiError[] = [];
  for (let i = 0; i < count; i++) {
    try {
      throttle.admit(action, stream);
    } catch (error) {
      if (!isLambdaApiError(error)) throw error;
      refused.push(error);
    }
  }
  return refused;
};

describe('TokenBucket', () => {
  it('gives its burst at once, then one token per 1/rate seconds', () => {
    const clock = new FakeClock(0);
    const bucket = new TokenBucket({ burst: 2, perSecond: 4 }, clock.now);
    expect([bucket.take(), bucket.take()]).toEqual([0, 0]);
    expect(bucket.take()).toBe(250);
    clock.advance(100);
    expect(bucket.take()).toBe(150);
    clock.advance(150);
    expect(bucket.take()).toBe(0);
  });

  it('never holds more than its burst', () => {
    const clock = new FakeClock(0);
    const bucket = new TokenBucket({ burst: 2, perSecond: 10 }, clock.now);
    clock.advance(60_000);
    expect([bucket.take(), bucket.take(), bucket.take()]).toEqual([0, 0, 100]);
  });
});

describe('ControlPlaneThrottle', () => {
  it('with the defaults, refuses 6 of 16 simultaneous creates on one stream, as TooManyRequestsException', () => {
    const throttle = new ControlPlaneThrottle({ now: new FakeClock(0).now });

    const refused = burst(throttle, 16, 'CreateEventSourceMapping', STREAM);

    expect(refused).toHaveLength(6);
    const [first] = refused;
    expect(first?.code).toBe('TooManyRequestsException');
    expect(first?.status).toBe(429);
    expect(first?.body()).toEqual({
      Type: 'User',
      message: expect.stringContaining(`Rate exceeded for event source ${STREAM}`),
      Reason: 'CallerRateLimitExceeded',
    });
    expect(first?.headers()).toEqual({ 'x-amzn-errortype': 'TooManyRequestsException', 'retry-after': '1' });
  });

  it('admits the refused creates again once the stream bucket has refilled', () => {
    const clock = new FakeClock(0);
    const throttle = new ControlPlaneThrottle({ now: clock.now });
    burst(throttle, 10, 'CreateEventSourceMapping', STREAM);
    expect(burst(throttle, 1, 'CreateEventSourceMapping', STREAM)).toHaveLength(1);

    clock.advance(1_000);

    expect(burst(throttle, 5, 'CreateEventSourceMapping', STREAM)).toHaveLength(0);
    expect(burst(throttle, 1, 'CreateEventSourceMapping', STREAM)).toHaveLength(1);
  });

  it('limits each stream on its own', () => {
    const throttle = new ControlPlaneThrottle({
      now: new FakeClock(0).now,
      perStream: { burst: 2, perSecond: 1 },
    });
    expect(burst(throttle, 3, 'CreateEventSourceMapping', STREAM)).toHaveLength(1);
    expect(burst(throttle, 2, 'CreateEventSourceMapping', OTHER_STREAM)).toHaveLength(0);
  });

  it('limits each API action of the account to 15 requests per second by default', () => {
    const clock = new FakeClock(0);
    const throttle = new ControlPlaneThrottle({ now: clock.now });
    const refused = burst(throttle, 20, 'GetEventSourceMapping');
    expect(refused).toHaveLength(5);
    expect(refused[0]?.message).toBe('Rate exceeded for GetEventSourceMapping');
    expect(burst(throttle, 15, 'ListEventSourceMappings')).toHaveLength(0);
    clock.advance(1_000);
    expect(burst(throttle, 15, 'GetEventSourceMapping')).toHaveLength(0);
  });

  it('does not charge the action bucket for a create the stream bucket refused', () => {
    const throttle = new ControlPlaneThrottle({
      now: new FakeClock(0).now,
      perAction: { burst: 3, perSecond: 1 },
      perStream: { burst: 1, perSecond: 1 },
    });
    expect(burst(throttle, 3, 'CreateEventSourceMapping', STREAM)).toHaveLength(2);
    expect(burst(throttle, 2, 'CreateEventSourceMapping', OTHER_STREAM)).toHaveLength(1);
  });

  it('asks to retry after the seconds the bucket needs (at least 1)', () => {
    const throttle = new ControlPlaneThrottle({
      now: new FakeClock(0).now,
      perAction: { burst: 1, perSecond: 0.25 },
    });
    const [refused] = burst(throttle, 2, 'UpdateEventSourceMapping');
    expect(refused?.retryAfterSeconds).toBe(4);
  });
});
