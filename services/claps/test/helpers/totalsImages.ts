import type { TotalsImage } from '../../src/domain/eventsFromTotals';

/** One clap request: the member and the count they set. */
export type ClapChange = readonly [memberId: string, count: number];

/** When the post's change at `version` was committed: one second per version after 10:00. */
export const committedAt = (version: number): string =>
  new Date(Date.parse('2026-02-01T10:00:00.000Z') + version * 1000).toISOString();

/** The request that made the post's change at `version`. */
export const requestOf = (postId: string, version: number): string => `request-${postId}-v${version}`;

/** A post's totals item as trackPosts creates it: no claps, version 0. */
export const trackedImage = (postId: string): TotalsImage => ({ postId, total: 0, clappers: 0, version: 0 });

/**
 * The totals images (NEW_IMAGE) a post's changes produce, one per change, versions 1…n, with the running
 * total, clappers and each member's own version — what ClapsStore.setCount writes for each request.
 */
export const totalsHistory = (postId: string, changes: readonly ClapChange[]): TotalsImage[] => {
  const counts = new Map<string, number>();
  const memberVersions = new Map<string, number>();
  return changes.map(([memberId, count], index) => {
    const version = index + 1;
    const memberVersion = (memberVersions.get(memberId) ?? 0) + 1;
    counts.set(memberId, count);
    memberVersions.set(memberId, memberVersion);
    return {
      postId,
      total: [...counts.values()].reduce((sum, each) => sum + each, 0),
      clappers: [...counts.values()].filter((each) => each > 0).length,
      version,
      updatedAt: committedAt(version),
      lastChange: { memberId, count, memberVersion, correlationId: requestOf(postId, version) },
    };
  });
};

/** The image at `version` of a history (1-based), failing loudly if the history is shorter. */
export const imageAt = (history: TotalsImage[], version: number): TotalsImage => {
  const image = history[version - 1];
  if (!image) throw new Error(`The history has no version ${version} (it has ${history.length})`);
  return image;
};
