import type { MappingStats } from '../../src/esm/EventSourceMapping';
import type { MappingEngine } from '../../src/lambda/EventSourceMappingService';
import type { MappingDefinition } from '../../src/provision/definitions';

/** Records what the Lambda API asks of the engine; `failAdd` makes the next adds fail. */
export class FakeMappingEngine implements MappingEngine {
  public readonly running = new Map<string, MappingDefinition>();
  public readonly calls: string[] = [];
  public failAdd: string | undefined;

  public async add(definition: MappingDefinition): Promise<void> {
    this.calls.push(`add ${definition.uuid}`);
    if (this.failAdd) throw new Error(this.failAdd);
    this.running.set(definition.uuid, definition);
  }

  public update(uuid: string, changes: Partial<MappingDefinition>): void {
    this.calls.push(`update ${uuid}`);
    const current = this.running.get(uuid);
    if (!current) throw new Error(`No mapping ${uuid}`);
    this.running.set(uuid, { ...current, ...changes });
  }

  public async remove(uuid: string): Promise<void> {
    this.calls.push(`remove ${uuid}`);
    this.running.delete(uuid);
  }

  public get(uuid: string): { stats(): MappingStats } | undefined {
    return this.running.has(uuid) ? { stats: () => ({ invocations: 0 }) as MappingStats } : undefined;
  }
}
