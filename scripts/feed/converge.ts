import { setTimeout as sleep } from 'node:timers/promises';
import type { ExpectedClaps } from './ExpectedClaps';
import type { LocalSystem } from './LocalSystem';

export interface Mismatch {
  postId: string;
  expected: { claps: number; clappers: number };
  actual: { claps: number; clappers: number } | null;
}

export interface Convergence {
  converged: boolean;
  /** Seconds from the end of the load until every post showed its expected total (or the timeout). */
  seconds: number;
  mismatches: Mismatch[];
}

/**
 * Waits until every post's read model shows exactly the claps and clappers the accepted requests imply,
 * polling all posts every 250 ms, up to `timeoutSeconds`. What still differs then is a mismatch.
 */
export const converge = async (
  system: LocalSystem,
  expected: ExpectedClaps,
  timeoutSeconds: number,
): Promise<Convergence> => {
  const start = performance.now();
  let remaining = expected.posts();
  let mismatches: Mismatch[] = [];
  while (true) {
    mismatches = [];
    for (let i = 0; i < remaining.length; i += 16) {
      const slice = remaining.slice(i, i + 16);
      const views = await Promise.all(
        slice.map((postId) => system.call('GET', `/posts/${postId}`, 'feed-probe')),
      );
      slice.forEach((postId, index) => {
        const body = views[index]?.body as { claps?: number; clappers?: number } | null;
        const actual =
          body && typeof body.claps === 'number' ? { claps: body.claps, clappers: body.clappers ?? 0 } : null;
        const want = expected.of(postId);
        if (!actual || actual.claps !== want.claps || actual.clappers !== want.clappers) {
          mismatches.push({ postId, expected: want, actual });
        }
      });
    }
    remaining = mismatches.map((mismatch) => mismatch.postId);
    const seconds = (performance.now() - start) / 1000;
    if (mismatches.length === 0) return { converged: true, seconds, mismatches };
    if (seconds >= timeoutSeconds) return { converged: false, seconds, mismatches };
    await sleep(250);
  }
};
