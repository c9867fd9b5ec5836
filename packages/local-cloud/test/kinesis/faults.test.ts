import { FaultInjector } from '../../src/kinesis/faults';

/** A random source that returns these values in turn (then the last one forever). */
const randomReturning = (...values: number[]) => {
  let index = 0;
  return () => values[Math.min(index++, values.length - 1)] as number;
};

describe('FaultInjector: no faults', () => {
  it('fails nothing and adds no latency by default', () => {
    const injector = new FaultInjector();

    expect(injector.errorFor('PutRecord')).toBeUndefined();
    expect(injector.latencyMs()).toBe(0);
  });
});

describe('FaultInjector: error rates', () => {
  it('fails a call when the random draw falls under the rate of its operation', () => {
    const injector = new FaultInjector({ errorRate: { PutRecord: 0.3 } }, randomReturning(0.29, 0.3, 0.9));

    expect(injector.errorFor('PutRecord')).toBeDefined();
    expect(injector.errorFor('PutRecord')).toBeUndefined();
    expect(injector.errorFor('PutRecord')).toBeUndefined();
  });

  it('fails data-plane calls with ProvisionedThroughputExceededException (HTTP 400)', () => {
    const injector = new FaultInjector({ errorRate: { GetRecords: 1 } }, () => 0);

    expect(injector.errorFor('GetRecords')).toEqual({
      status: 400,
      code: 'ProvisionedThroughputExceededException',
      message: 'Rate exceeded for GetRecords (injected fault)',
    });
  });

  it('fails control-plane calls with InternalFailure (HTTP 500)', () => {
    const injector = new FaultInjector({ errorRate: { ListShards: 1 } }, () => 0);

    expect(injector.errorFor('ListShards')).toMatchObject({ status: 500, code: 'InternalFailure' });
  });

  it('uses the configured error code, with its HTTP status', () => {
    const injector = new FaultInjector(
      { errorRate: { PutRecords: 1 }, errorCode: 'ServiceUnavailable' },
      () => 0,
    );

    expect(injector.errorFor('PutRecords')).toEqual({
      status: 503,
      code: 'ServiceUnavailable',
      message: 'ServiceUnavailable (injected fault during PutRecords)',
    });
  });

  it('answers an unknown configured error code with HTTP 400', () => {
    const injector = new FaultInjector(
      { errorRate: { PutRecord: 1 }, errorCode: 'AccessDeniedException' },
      () => 0,
    );

    expect(injector.errorFor('PutRecord')).toMatchObject({ status: 400, code: 'AccessDeniedException' });
  });

  it('applies the * rate to every operation without a rate of its own', () => {
    const injector = new FaultInjector({ errorRate: { '*': 1, GetRecords: 0 } }, () => 0.5);

    expect(injector.errorFor('PutRecord')).toBeDefined();
    expect(injector.errorFor('ListShards')).toBeDefined();
    expect(injector.errorFor('GetRecords')).toBeUndefined();
  });

  it('leaves operations without a rate alone', () => {
    const injector = new FaultInjector({ errorRate: { PutRecord: 1 } }, () => 0);

    expect(injector.errorFor('GetRecords')).toBeUndefined();
  });

  it('does not draw a random number for an operation without a rate', () => {
    const random = jest.fn(() => 0);
    const injector = new FaultInjector({ errorRate: { PutRecord: 1 } }, random);

    injector.errorFor('GetRecords');

    expect(random).not.toHaveBeenCalled();
  });
});

describe('FaultInjector: outages', () => {
  const startsAt = 1_000_000;

  it('fails every call during the outage window, and none before or after it', () => {
    let now = startsAt - 1;
    const injector = new FaultInjector(
      { outages: [{ startsAt, durationMs: 2_000 }] },
      () => 1,
      () => now,
    );

    const before = injector.errorFor('PutRecord');
    now = startsAt;
    const atStart = injector.errorFor('PutRecord');
    now = startsAt + 1_999;
    const atEnd = injector.errorFor('GetRecords');
    now = startsAt + 2_000;
    const after = injector.errorFor('PutRecord');

    expect(before).toBeUndefined();
    expect(atStart).toEqual({
      status: 503,
      code: 'ServiceUnavailable',
      message: 'ServiceUnavailable (injected fault during PutRecord)',
    });
    expect(atEnd).toMatchObject({ code: 'ServiceUnavailable' });
    expect(after).toBeUndefined();
  });

  it('fails only the listed operations, with the outage error code', () => {
    const injector = new FaultInjector(
      { outages: [{ startsAt, durationMs: 1_000, operations: ['PutRecord'], errorCode: 'InternalFailure' }] },
      () => 1,
      () => startsAt + 10,
    );

    expect(injector.errorFor('PutRecord')).toMatchObject({ status: 500, code: 'InternalFailure' });
    expect(injector.errorFor('GetRecords')).toBeUndefined();
  });

  it('takes precedence over error rates', () => {
    const injector = new FaultInjector(
      { errorRate: { PutRecord: 1 }, outages: [{ startsAt, durationMs: 1_000 }] },
      () => 0,
      () => startsAt,
    );

    expect(injector.errorFor('PutRecord')?.code).toBe('ServiceUnavailable');
  });
});

describe('FaultInjector: latency', () => {
  it('adds a fixed latency', () => {
    expect(new FaultInjector({ latencyMs: 25 }).latencyMs()).toBe(25);
  });

  it('adds a latency drawn uniformly from a range', () => {
    const injector = new FaultInjector({ latencyMs: { min: 10, max: 50 } }, randomReturning(0, 0.5, 0.999));

    expect(injector.latencyMs()).toBe(10);
    expect(injector.latencyMs()).toBe(30);
    expect(injector.latencyMs()).toBeCloseTo(49.96);
  });
});

describe('FaultInjector: changing faults', () => {
  it('applies new faults at once and returns the current ones', () => {
    const injector = new FaultInjector({}, () => 0);
    const faults = { errorRate: { PutRecord: 1 } };

    injector.set(faults);
    const failed = injector.errorFor('PutRecord');
    injector.set({});

    expect(failed).toBeDefined();
    expect(injector.errorFor('PutRecord')).toBeUndefined();
    expect(injector.get()).toEqual({});
  });
});
