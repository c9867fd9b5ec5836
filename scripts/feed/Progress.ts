import { SingleBar } from 'cli-progress';

export interface ProgressFigures {
  elapsed: number;
  sent: number;
  accepted: number;
  errors: number;
  inFlight: number;
  p99: number | null;
}

/**
 * Shows how a run is going: a progress bar on a terminal, one line per 5 s otherwise (CI logs), nothing
 * with --quiet.
 */
export class Progress {
  readonly #bar: SingleBar | undefined;
  readonly #lines: boolean;
  #lastLine = 0;

  public constructor(total: number, quiet: boolean) {
    this.#lines = !quiet && !process.stdout.isTTY;
    if (!quiet && process.stdout.isTTY) {
      this.#bar = new SingleBar({
        format:
          ' {bar} {value}/{total}s | sent {sent} | ok {accepted} | errors {errors} | in flight {inFlight} | p99 {p99} ms',
        hideCursor: true,
      });
      this.#bar.start(Math.ceil(total), 0, { sent: 0, accepted: 0, errors: 0, inFlight: 0, p99: '-' });
    }
  }

  public update(figures: ProgressFigures): void {
    const p99 = figures.p99 === null ? '-' : Math.round(figures.p99);
    this.#bar?.update(Math.floor(figures.elapsed), { ...figures, p99 });
    if (this.#lines && figures.elapsed - this.#lastLine >= 5) {
      this.#lastLine = figures.elapsed;
      process.stdout.write(
        `  ${figures.elapsed.toFixed(0).padStart(4)}s  sent ${figures.sent}  ok ${figures.accepted}  errors ${figures.errors}  in flight ${figures.inFlight}  p99 ${p99} ms\n`,
      );
    }
  }

  public stop(): void {
    this.#bar?.stop();
  }
}
