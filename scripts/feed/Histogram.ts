/** Latency samples with exact percentiles (the runs are small enough to keep every sample). */
export class Histogram {
  readonly #values: number[] = [];
  #sorted = true;

  public add(value: number): void {
    this.#values.push(value);
    this.#sorted = false;
  }

  public get count(): number {
    return this.#values.length;
  }

  public percentile(p: number): number | null {
    if (this.#values.length === 0) return null;
    if (!this.#sorted) {
      this.#values.sort((a, b) => a - b);
      this.#sorted = true;
    }
    const index = Math.min(this.#values.length - 1, Math.ceil((p / 100) * this.#values.length) - 1);
    return this.#values[Math.max(0, index)] as number;
  }

  public summary(): {
    count: number;
    p50: number | null;
    p95: number | null;
    p99: number | null;
    max: number | null;
  } {
    return {
      count: this.count,
      p50: round(this.percentile(50)),
      p95: round(this.percentile(95)),
      p99: round(this.percentile(99)),
      max: round(this.percentile(100)),
    };
  }
}

const round = (value: number | null): number | null => (value === null ? null : Math.round(value * 10) / 10);
