import { type ArticleState, articleController } from '../../src';
import { batch, PARAMS } from '../helpers/observations';

const state = (overrides: Partial<ArticleState> = {}): ArticleState => ({
  ...articleController.initialState(PARAMS, 1),
  ...overrides,
});

describe('articleController.afterBatch', () => {
  it.each`
    before | calls           | after | enabled  | circuit
    ${10}  | ${'oooooooooo'} | ${10} | ${true}  | ${'closed'}
    ${5}   | ${'ooooo'}      | ${6}  | ${true}  | ${'closed'}
    ${5}   | ${'oooos'}      | ${5}  | ${true}  | ${'closed'}
    ${4}   | ${'ooee'}       | ${4}  | ${true}  | ${'closed'}
    ${5}   | ${'oosse'}      | ${4}  | ${true}  | ${'closed'}
    ${10}  | ${'eeeeeeeeee'} | ${9}  | ${true}  | ${'closed'}
    ${8}   | ${'oooo4444'}   | ${8}  | ${true}  | ${'closed'}
    ${9}   | ${'oooo44444'}  | ${8}  | ${true}  | ${'closed'}
    ${3}   | ${'ttt'}        | ${2}  | ${true}  | ${'closed'}
    ${1}   | ${'s'}          | ${1}  | ${false} | ${'open'}
    ${1}   | ${'e'}          | ${1}  | ${false} | ${'open'}
  `(
    'batch size $before, calls $calls → $after, enabled $enabled',
    ({ before, calls, after, enabled, circuit }) => {
      const { state: next, decision } = articleController.afterBatch(
        state({ batchSize: before }),
        PARAMS,
        batch(calls),
        0,
      );

      expect(decision).toMatchObject({ batchSize: after, enabled });
      expect(next).toMatchObject({ batchSize: after, enabled, circuit });
    },
  );

  it('keeps everything as it is after a batch without calls (every record already fetched today)', () => {
    const before = state({ batchSize: 4 });

    expect(articleController.afterBatch(before, PARAMS, [], 0).state).toEqual(before);
  });

  it('steps down one per batch through a whole outage, then disables: 10 + 9 + … + 1 calls', () => {
    let current = state();
    let calls = 0;
    while (current.enabled) {
      calls += current.batchSize;
      current = articleController.afterBatch(current, PARAMS, batch('e'.repeat(current.batchSize)), 0).state;
    }

    expect(calls).toBe(55);
    expect(current).toMatchObject({ batchSize: 1, circuit: 'open' });
  });

  it('closes the circuit after a healthy probe and climbs one per healthy batch', () => {
    const probing = state({ batchSize: 1, enabled: true, circuit: 'half-open' });

    const sizes: ArticleState[] = [];
    for (const calls of [batch('o'), batch('oo'), batch('ooo')])
      sizes.push(articleController.afterBatch(sizes.at(-1) ?? probing, PARAMS, calls, 0).state);

    expect(sizes.map((s) => [s.batchSize, s.circuit])).toEqual([
      [2, 'closed'],
      [3, 'closed'],
      [4, 'closed'],
    ]);
  });
});

describe('articleController.onTick', () => {
  it('re-enables a disabled mapping at batch size 1, half-open, whatever the time', () => {
    const { state: next, decision } = articleController.onTick(
      state({ batchSize: 1, enabled: false, circuit: 'open' }),
      PARAMS,
      123,
    );

    expect(decision).toMatchObject({ batchSize: 1, enabled: true });
    expect(next.circuit).toBe('half-open');
  });

  it('leaves an enabled mapping alone', () => {
    const before = state({ batchSize: 3 });

    expect(articleController.onTick(before, PARAMS, 0).state).toEqual(before);
  });

  it('runs every 10 minutes and its state survives a round trip through storage', () => {
    const stored = JSON.parse(JSON.stringify(state({ batchSize: 2, enabled: false, circuit: 'open' })));

    expect(articleController.tickIntervalMs(PARAMS)).toBe(600_000);
    expect(articleController.parseState(stored)).toEqual(stored);
    expect(() => articleController.parseState({ ...stored, batchSize: 0 })).toThrow();
  });
});
