import { KnownPosts } from '../../src/domain/KnownPosts';

/** A lookup that answers from `existing` (mutable, so a post can be published mid-test) and counts calls. */
const lookupOf = (existing: Set<string>) => {
  const calls: string[] = [];
  const lookup = async (postId: string) => {
    calls.push(postId);
    return existing.has(postId);
  };
  return { calls, lookup };
};

describe('KnownPosts', () => {
  it('asks about a post once and remembers that it exists', async () => {
    const { calls, lookup } = lookupOf(new Set(['post-1']));
    const known = new KnownPosts(lookup);

    const answers = [await known.has('post-1'), await known.has('post-1'), await known.has('post-1')];

    expect(answers).toEqual([true, true, true]);
    expect(calls).toEqual(['post-1']);
  });

  it('asks again about a post that did not exist, and learns it once it is published', async () => {
    const existing = new Set<string>();
    const { calls, lookup } = lookupOf(existing);
    const known = new KnownPosts(lookup);

    const before = [await known.has('post-2'), await known.has('post-2')];
    existing.add('post-2');
    const after = [await known.has('post-2'), await known.has('post-2')];

    expect(before).toEqual([false, false]);
    expect(after).toEqual([true, true]);
    expect(calls).toEqual(['post-2', 'post-2', 'post-2']);
  });

  it('forgets what it knows when full, and asks again', async () => {
    const { calls, lookup } = lookupOf(new Set(['a', 'b', 'c']));
    const known = new KnownPosts(lookup, 2);

    for (const postId of ['a', 'b', 'c', 'c', 'a']) await known.has(postId);

    expect(calls).toEqual(['a', 'b', 'c', 'a']);
  });

  it('passes a failed lookup on, and remembers nothing from it', async () => {
    let available = false;
    const calls: string[] = [];
    const known = new KnownPosts(async (postId) => {
      calls.push(postId);
      if (!available) throw new Error('DynamoDB is unavailable');
      return true;
    });

    await expect(known.has('post-1')).rejects.toThrow('DynamoDB is unavailable');
    available = true;

    await expect(known.has('post-1')).resolves.toBe(true);
    expect(calls).toEqual(['post-1', 'post-1']);
  });
});
