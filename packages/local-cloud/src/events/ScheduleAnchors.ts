import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

const anchorsFileSchema = z.object({
  schedules: z.record(z.string(), z.object({ expression: z.string(), createdAt: z.number() })),
});

/**
 * When each schedule was created (`<dataDir>/state/schedules.json`), kept across restarts: a rate
 * counts its periods from its creation, as on AWS, so `rate(15 minutes)` keeps its phase when the local
 * cloud restarts instead of waiting 15 minutes after every start. A changed expression is a new
 * creation (CloudFormation updates the rule). Without a file (`--fresh`) every schedule starts now.
 *
 * @example
 * const anchors = new ScheduleAnchors(join(dataDir, 'state', 'schedules.json'));
 * anchors.anchor(rule.arn, 'rate(1 minute)', Date.now()); // the creation time, stored the first time
 */
export class ScheduleAnchors {
  readonly #file: string | undefined;
  readonly #anchors: Map<string, { expression: string; createdAt: number }>;

  /** `file` undefined: kept in memory only. */
  public constructor(file?: string) {
    this.#file = file;
    this.#anchors = new Map(Object.entries(file ? readAnchors(file) : {}));
  }

  /** The creation time of the schedule `arn` with `expression`; `now` (and saved) when new or changed. */
  public anchor(arn: string, expression: string, now: number): number {
    const known = this.#anchors.get(arn);
    if (known && known.expression === expression) return known.createdAt;
    this.#anchors.set(arn, { expression, createdAt: now });
    this.#save();
    return now;
  }

  #save(): void {
    if (!this.#file) return;
    mkdirSync(dirname(this.#file), { recursive: true });
    const temporary = `${this.#file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify({ schedules: Object.fromEntries(this.#anchors) }, null, 2));
    renameSync(temporary, this.#file);
  }
}

/** The stored anchors; an unreadable file counts as none (the schedules start again from now). */
const readAnchors = (file: string): Record<string, { expression: string; createdAt: number }> => {
  if (!existsSync(file)) return {};
  try {
    return anchorsFileSchema.parse(JSON.parse(readFileSync(file, 'utf8'))).schedules;
  } catch {
    return {};
  }
};
