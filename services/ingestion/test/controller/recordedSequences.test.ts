import {
  type AdaptiveState,
  type ArticleState,
  adaptiveController,
  articleController,
  type BaseControllerState,
  type Controller,
  createAdaptiveController,
} from '../../src';
import { batch, PARAMS } from '../helpers/observations';

/**
 * Replays a recorded sequence of per-call outcomes against a controller: each batch takes as many
 * calls from the recording as the controller's batch size allows; returns the batch sizes it chose and
 * the calls made until the recording ran out or the mapping was disabled.
 */
const replay = <S extends BaseControllerState>(controller: Controller<S>, recording: string) => {
  let state = controller.initialState(PARAMS, 1);
  let offset = 0;
  const sizes: number[] = [];
  while (offset < recording.length && state.enabled) {
    const calls = recording.slice(offset, offset + state.batchSize);
    offset += calls.length;
    state = controller.afterBatch(state, PARAMS, batch(calls), offset * 1_000).state;
    sizes.push(state.enabled ? state.batchSize : 0);
  }
  return { sizes, calls: offset, state };
};

describe('both controllers on recorded sequences', () => {
  it('outage: the article spends 55 calls stepping down, adaptive one batch and a trickle of at most 20', () => {
    const outage = 'e'.repeat(200);

    const article = replay<ArticleState>(articleController, outage);
    const adaptive = replay<AdaptiveState>(adaptiveController, outage);
    const withoutTrickle = replay<AdaptiveState>(createAdaptiveController({ trickle: false }), outage);

    expect(article).toMatchObject({ calls: 55, sizes: [9, 8, 7, 6, 5, 4, 3, 2, 1, 0] });
    // One call a second here: the trickle's 2 minutes outlast its budget of twice the tripping batch.
    expect(adaptive).toMatchObject({ calls: 30, sizes: [...Array(20).fill(1), 0] });
    expect(withoutTrickle).toMatchObject({ calls: 10, sizes: [0] });
  });

  it('a 60-call blip: adaptive trickles through it and is back at full batch size, the article never disables', () => {
    const blip = `${'o'.repeat(30)}${'e'.repeat(18)}${'o'.repeat(60)}`;

    const adaptive = replay<AdaptiveState>(adaptiveController, blip);
    const article = replay<ArticleState>(articleController, blip);

    expect(adaptive.sizes).toContain(1);
    expect(adaptive.sizes).not.toContain(0);
    expect(adaptive.state).toMatchObject({ circuit: 'closed', batchSize: 10 });
    expect(article.sizes).not.toContain(0);
  });

  it('healthy with a heavy tail (1 call in 12 slow): both stay at full batch size', () => {
    const healthy = 'oooooooooosoooooooooosooooooooooos'.repeat(6);

    expect(replay<ArticleState>(articleController, healthy).sizes.every((size) => size === 10)).toBe(true);
    expect(replay<AdaptiveState>(adaptiveController, healthy).sizes.every((size) => size === 10)).toBe(true);
  });

  it('a slow provider (every call over the threshold): the article ends disabled, adaptive keeps fetching at 1', () => {
    const slow = 's'.repeat(120);

    const article = replay<ArticleState>(articleController, slow);
    const adaptive = replay<AdaptiveState>(adaptiveController, slow);

    expect(article.state).toMatchObject({ enabled: false, circuit: 'open' });
    expect(article.calls).toBe(55);
    expect(adaptive.state).toMatchObject({ enabled: true, batchSize: 1 });
    expect(adaptive.calls).toBe(120);
  });

  it('a provider capped at 4 concurrent calls: the article settles at 8 with half its calls refused', () => {
    const capped = (size: number) => 'oooo'.slice(0, size) + '4'.repeat(Math.max(0, size - 4));
    let article = articleController.initialState(PARAMS, 1);
    let adaptive = adaptiveController.initialState(PARAMS, 1);
    for (let n = 0; n < 10; n++) {
      article = articleController.afterBatch(article, PARAMS, batch(capped(article.batchSize)), n).state;
      adaptive = adaptiveController.afterBatch(adaptive, PARAMS, batch(capped(adaptive.batchSize)), n).state;
    }

    expect(article.batchSize).toBe(8);
    expect(adaptive.batchSize).toBe(4);
  });
});
