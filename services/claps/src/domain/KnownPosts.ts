/**
 * Remembers posts known to exist. Posts are never deleted, so a positive answer can be kept for the life
 * of the container; a negative one is asked again (a new post becomes known within a second or two).
 */
export class KnownPosts {
  readonly #known = new Set<string>();
  readonly #lookup: (postId: string) => Promise<boolean>;
  readonly #capacity: number;

  public constructor(lookup: (postId: string) => Promise<boolean>, capacity = 50_000) {
    this.#lookup = lookup;
    this.#capacity = capacity;
  }

  public async has(postId: string): Promise<boolean> {
    if (this.#known.has(postId)) return true;
    const exists = await this.#lookup(postId);
    if (exists) {
      if (this.#known.size >= this.#capacity) this.#known.clear();
      this.#known.add(postId);
    }
    return exists;
  }
}
