import { setTimeout as sleep } from 'node:timers/promises';
import { ExpectedClaps } from '../../feed/ExpectedClaps';
import type { LocalSystem } from '../../feed/LocalSystem';
import { seededRandom } from '../../feed/random';
import { HttpClapTarget } from '../../feed/targets';

export interface ActivityOptions {
  posts: number;
  claps: number;
  members: number;
  /** Share of clap requests that unclap (DELETE) instead of setting a count. */
  unclap: number;
  seed: number;
  /** Requests in flight at once. */
  concurrency: number;
  log: (line: string) => void;
}

export interface Activity {
  postIds: string[];
  expected: ExpectedClaps;
  accepted: number;
  refused: number;
  seconds: number;
}

/** Runs `work` over `count` items with at most `concurrency` at once, logging progress every 2 s. */
const pool = async (
  count: number,
  concurrency: number,
  work: (index: number) => Promise<void>,
  tick: () => void,
) => {
  let next = 0;
  let lastLine = Date.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        await work(next++);
        if (Date.now() - lastLine >= 2_000) {
          lastLine = Date.now();
          tick();
        }
      }
    }),
  );
};

/**
 * Realistic activity through the HTTP API, as members would produce it: posts by a few authors, then claps
 * (PUT with a count of 1–50) and unclaps (DELETE) by many members, a few posts getting most of them. Every
 * accepted answer is recorded so the read model's expected totals are known.
 *
 * @example
 * const activity = await generateActivity(system, { posts: 50, claps: 400, members: 120, unclap: 0.1, seed: 1, concurrency: 16, log });
 */
export const generateActivity = async (system: LocalSystem, options: ActivityOptions): Promise<Activity> => {
  const started = Date.now();
  const random = seededRandom(options.seed);
  const postIds: string[] = [];
  await pool(
    options.posts,
    8,
    async (index) => {
      const response = await system.call('POST', '/posts', `author-${index % 7}`, {
        title: `Rebuild demo post ${index + 1}`,
        body: `Why read models can be rebuilt: part ${index + 1}.`,
      });
      if (response.status !== 201)
        throw new Error(`POST /posts answered ${response.status}: ${JSON.stringify(response.body)}`);
      postIds.push(String(response.body?.postId));
    },
    () => options.log(`    ${postIds.length}/${options.posts} posts created`),
  );
  options.log(
    `    ${postIds.length} posts created; waiting until the claps service knows them (PostPublished)`,
  );
  const deadline = Date.now() + 120_000;
  for (const postId of postIds) {
    while ((await system.call('GET', `/posts/${postId}/claps/me`, 'demo-probe')).status !== 200) {
      if (Date.now() > deadline) throw new Error(`Post ${postId} never became clappable`);
      await sleep(100);
    }
  }

  const target = new HttpClapTarget(system);
  const expected = new ExpectedClaps();
  let accepted = 0;
  let refused = 0;
  // Squared uniform: the first posts get most claps, as popular posts do.
  const pickPost = () => postIds[Math.floor(random() ** 2 * postIds.length)] as string;
  await pool(
    options.claps,
    options.concurrency,
    async () => {
      const postId = pickPost();
      const memberId = `member-${Math.floor(random() * options.members)}`;
      const count = random() < options.unclap ? 0 : 1 + Math.floor(random() * 50);
      const outcome = await target.send(postId, memberId, count);
      if (outcome.ok) {
        accepted++;
        expected.record(postId, memberId, outcome.count, outcome.version);
      } else refused++;
    },
    () => options.log(`    ${accepted + refused}/${options.claps} clap requests (${refused} refused)`),
  );
  await target.close();
  return { postIds, expected, accepted, refused, seconds: (Date.now() - started) / 1000 };
};
