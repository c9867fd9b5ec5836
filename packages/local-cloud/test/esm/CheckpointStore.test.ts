import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CheckpointStore, type MappingCheckpoints } from '../../src/esm/CheckpointStore';
import { removeTempDirs, tempDir } from '../helpers/tempDirs';

const readState = (file: string): MappingCheckpoints =>
  JSON.parse(readFileSync(file, 'utf8')) as MappingCheckpoints;

afterEach(() => {
  jest.useRealTimers();
  removeTempDirs();
});

describe('CheckpointStore', () => {
  it('creates the file, with its directory, when the mapping first starts, stamped with the creation time', () => {
    const file = join(tempDir(), 'nested', 'dir', 'mapping.json');

    const store = new CheckpointStore(file, 200, () => 1_700_000_000_000);

    expect(store.createdAtMs).toBe(1_700_000_000_000);
    expect(readState(file)).toEqual({ createdAtMs: 1_700_000_000_000, shards: {} });
  });

  it('returns what was set, per shard, at once', () => {
    const store = new CheckpointStore(join(tempDir(), 'mapping.json'));

    store.set('shard-1', { sequenceNumber: '100' });
    store.set('shard-2', { sequenceNumber: '7', finished: true });

    expect(store.get('shard-1')).toEqual({ sequenceNumber: '100' });
    expect(store.get('shard-2')).toEqual({ sequenceNumber: '7', finished: true });
    expect(store.get('shard-3')).toBeUndefined();
    store.flush();
  });

  it('is read back by a new instance (a restart): checkpoints and createdAtMs', () => {
    const file = join(tempDir(), 'mapping.json');
    const first = new CheckpointStore(file, 200, () => 1_000);
    first.set('shard-1', { sequenceNumber: '100' });
    first.set('shard-2', { finished: true });
    first.flush();

    const second = new CheckpointStore(file, 200, () => 99_999);

    expect(second.createdAtMs).toBe(1_000);
    expect(second.get('shard-1')).toEqual({ sequenceNumber: '100' });
    expect(second.get('shard-2')).toEqual({ finished: true });
  });

  it('coalesces writes: the file changes once per flush interval, with the latest checkpoints', () => {
    jest.useFakeTimers();
    const file = join(tempDir(), 'mapping.json');
    const store = new CheckpointStore(file, 200, () => 1_000);

    store.set('shard-1', { sequenceNumber: '1' });
    store.set('shard-1', { sequenceNumber: '2' });
    store.set('shard-1', { sequenceNumber: '3' });
    jest.advanceTimersByTime(199);
    const beforeInterval = readState(file);
    jest.advanceTimersByTime(1);
    const afterInterval = readState(file);

    expect(beforeInterval.shards).toEqual({});
    expect(afterInterval.shards).toEqual({ 'shard-1': { sequenceNumber: '3' } });
    expect(jest.getTimerCount()).toBe(0);
  });

  it('writes at once on flush() and cancels the pending write', () => {
    jest.useFakeTimers();
    const file = join(tempDir(), 'mapping.json');
    const store = new CheckpointStore(file, 60_000);

    store.set('shard-1', { sequenceNumber: '42' });
    store.flush();

    expect(readState(file).shards).toEqual({ 'shard-1': { sequenceNumber: '42' } });
    expect(jest.getTimerCount()).toBe(0);
  });

  it('writes atomically: a temp file renamed over the checkpoint file, none left behind', () => {
    const dir = tempDir();
    const file = join(dir, 'mapping.json');
    const store = new CheckpointStore(file);
    const inodeBefore = statSync(file).ino;

    store.set('shard-1', { sequenceNumber: '1' });
    store.flush();

    // A reader never sees a half-written file: the new content arrives as a new file (a new inode).
    expect(statSync(file).ino).not.toBe(inodeBefore);
    expect(readdirSync(dir)).toEqual(['mapping.json']);
    expect(existsSync(`${file}.tmp`)).toBe(false);
    expect(readState(file).shards['shard-1']).toEqual({ sequenceNumber: '1' });
  });

  it('keeps createdAtMs across writes', () => {
    const file = join(tempDir(), 'mapping.json');
    const store = new CheckpointStore(file, 200, () => 5_000);

    store.set('shard-1', { sequenceNumber: '1' });
    store.flush();

    expect(readState(file).createdAtMs).toBe(5_000);
  });

  it('starts afresh when the file is not readable JSON', () => {
    const file = join(tempDir(), 'mapping.json');
    writeFileSync(file, '{"createdAtMs": 1, "sha');

    const store = new CheckpointStore(file, 200, () => 2_000);

    expect(store.createdAtMs).toBe(2_000);
    expect(store.get('shard-1')).toBeUndefined();
    expect(readState(file)).toEqual({ createdAtMs: 2_000, shards: {} });
  });
});
