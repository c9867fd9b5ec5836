import { isReplayError, replaySpecSchema, resolveTarget, TargetNotAllowedError } from '../../src';

describe('replaySpecSchema', () => {
  const valid = { source: 'event-store', from: '2026-02-01T10:00:00Z', to: '2026-02-01T11:00:00+01:00' };

  it('accepts a minimal spec', () => {
    expect(replaySpecSchema.parse({ ...valid, to: '2026-02-01T12:00:00Z' })).toMatchObject({
      source: 'event-store',
    });
  });

  it('refuses `from` not before `to` (compared as instants)', () => {
    const result = replaySpecSchema.safeParse(valid); // 11:00+01:00 = 10:00Z
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/before/);
  });

  it.each([
    ['a time without a zone', { from: '2026-02-01T10:00:00' }],
    ['an unknown source', { source: 'kinesis' }],
    ['a share above 1', { rateShare: 1.5 }],
    ['an unknown field', { speed: 'fast' }],
    ['an empty type list', { types: [] }],
  ])('refuses %s', (_, change) => {
    expect(replaySpecSchema.safeParse({ ...valid, to: '2026-02-02T00:00:00Z', ...change }).success).toBe(
      false,
    );
  });
});

describe('resolveTarget', () => {
  it('defaults to the replay stream', () => {
    expect(resolveTarget({}, 'kes-dev-replay')).toBe('kes-dev-replay');
  });

  it('refuses a domain stream unless allowDomainTarget is true', () => {
    expect(() => resolveTarget({ target: 'kes-dev-claps' }, 'kes-dev-replay')).toThrow(TargetNotAllowedError);
    expect(() =>
      resolveTarget({ target: 'kes-dev-claps', allowDomainTarget: false }, 'kes-dev-replay'),
    ).toThrow(/allowDomainTarget/);
    try {
      resolveTarget({ target: 'kes-dev-claps' }, 'kes-dev-replay');
    } catch (error) {
      expect(isReplayError(error, 'TargetNotAllowed')).toBe(true);
    }
    expect(resolveTarget({ target: 'kes-dev-claps', allowDomainTarget: true }, 'kes-dev-replay')).toBe(
      'kes-dev-claps',
    );
  });
});
