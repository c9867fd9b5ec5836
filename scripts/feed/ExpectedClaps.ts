/** What every post's claps must converge to: each member's last accepted count, by version. */
export class ExpectedClaps {
  readonly #counts = new Map<string, Map<string, { count: number; version: number }>>();

  public record(postId: string, memberId: string, count: number, version: number): void {
    let members = this.#counts.get(postId);
    if (!members) {
      members = new Map();
      this.#counts.set(postId, members);
    }
    const previous = members.get(memberId);
    if (!previous || version >= previous.version) members.set(memberId, { count, version });
  }

  public posts(): string[] {
    return [...this.#counts.keys()];
  }

  public of(postId: string): { claps: number; clappers: number } {
    let claps = 0;
    let clappers = 0;
    for (const { count } of this.#counts.get(postId)?.values() ?? []) {
      claps += count;
      if (count > 0) clappers += 1;
    }
    return { claps, clappers };
  }
}
