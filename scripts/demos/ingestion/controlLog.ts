import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';

/** One `ingestion control` log line of the ventilator or the tick (services/ingestion runControl). */
export interface ControlLine {
  trigger: 'batch' | 'tick';
  calls: number;
  batchSize: number;
  enabled: boolean;
  circuit: string;
  reason: string;
}

/**
 * Follows a service's log file (serverless-offline's output, where the functions' structured logs land)
 * and returns the `ingestion control` lines written since the last call: the controller's reasons, which
 * neither the mapping nor its state item carry.
 *
 * @example
 * const log = new ControlLog(join(dataDir, 'logs', 'ingestion-acme.log'));
 * for (const line of log.read()) console.log(line.reason);
 */
export class ControlLog {
  readonly #file: string;
  #offset = 0;
  #partial = '';

  public constructor(file: string, fromStart = false) {
    this.#file = file;
    // Lines of earlier runs in the same log are not this run's.
    if (!fromStart && existsSync(file)) this.#offset = statSync(file).size;
  }

  public read(): ControlLine[] {
    if (!existsSync(this.#file)) return [];
    const size = statSync(this.#file).size;
    if (size <= this.#offset) return [];
    const buffer = Buffer.alloc(size - this.#offset);
    const fd = openSync(this.#file, 'r');
    try {
      readSync(fd, buffer, 0, buffer.length, this.#offset);
    } finally {
      closeSync(fd);
    }
    this.#offset = size;
    const text = this.#partial + buffer.toString('utf8');
    const lines = text.split('\n');
    this.#partial = lines.pop() ?? '';
    return lines.flatMap((line) => {
      const start = line.indexOf('{');
      if (start < 0 || !line.includes('ingestion control')) return [];
      try {
        const entry = JSON.parse(line.slice(start)) as Partial<ControlLine> & { message?: string };
        if (entry.message !== 'ingestion control') return [];
        return [
          {
            trigger: entry.trigger === 'tick' ? 'tick' : 'batch',
            calls: Number(entry.calls ?? 0),
            batchSize: Number(entry.batchSize ?? 0),
            enabled: entry.enabled === true,
            circuit: String(entry.circuit ?? ''),
            reason: String(entry.reason ?? ''),
          },
        ];
      } catch {
        return [];
      }
    });
  }
}
