import { FlushError, MAX_REPORTED_FAILURES, WriterClosedError } from '../src';
import { FailureLog } from '../src/FailureLog';

const thrownBy = (run: () => void): unknown => {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('FailureLog', () => {
  it('throws nothing when there is nothing to report', () => {
    expect(thrownBy(() => new FailureLog().throwIfAnyBefore(10))).toBeUndefined();
  });

  it('reports the failures below the cutoff in id order, once, and keeps the later ones', () => {
    const log = new FailureLog();
    log.add(5, 'b', new WriterClosedError());
    log.add(2, 'a', new WriterClosedError());
    log.add(9, 'c', new WriterClosedError());

    const error = thrownBy(() => log.throwIfAnyBefore(6));

    expect(error).toBeInstanceOf(FlushError);
    expect((error as FlushError).failures.map((failure) => failure.partitionKey)).toEqual(['a', 'b']);
    expect(thrownBy(() => log.throwIfAnyBefore(6))).toBeUndefined();
    expect((thrownBy(() => log.throwIfAnyBefore(10)) as FlushError).failures).toHaveLength(1);
  });

  it('keeps only the latest MAX_REPORTED_FAILURES and counts the ones it dropped', () => {
    const log = new FailureLog();
    for (let id = 0; id < MAX_REPORTED_FAILURES + 3; id++) log.add(id, `k${id}`, new WriterClosedError());

    const error = thrownBy(() => log.throwIfAnyBefore(Number.MAX_SAFE_INTEGER)) as FlushError;

    expect(error.failures).toHaveLength(MAX_REPORTED_FAILURES);
    expect(error.failures[0]?.partitionKey).toBe('k3');
    expect(error.omitted).toBe(3);
    expect(error.message).toContain('(and 3 older failure(s) not listed)');
  });
});
