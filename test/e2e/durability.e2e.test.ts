import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clapsEvents } from '@kes/contracts';
import { LocalCloudProcess } from '@kes/local-cloud';
import { readStream } from './helpers/streams';
import { System, waitFor } from './helpers/system';

// Each test starts whole local clouds (the first one two, one after the other), each packaging every
// service's functions; on a machine shared with other work one start alone has taken 150 s.
jest.setTimeout(600_000);

const root = join(__dirname, '..', '..');

const claps = async (system: System, postId: string) =>
  (await system.call<{ claps: number; clappers: number; clapsVersion: number }>('GET', `/posts/${postId}`))
    .body;

describe('durability of the local cloud', () => {
  const dirs: string[] = [];
  const newDataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'kes-durability-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps data and checkpoints across a restart: nothing lost, nothing processed again', async () => {
    const dataDir = newDataDir();
    let cloud = await LocalCloudProcess.start(root, dataDir, ['--poll-interval-ms', '200']);
    let system = System.fromDataDir(dataDir);
    const postId = await system.createClappablePost();
    await system.call('PUT', `/posts/${postId}/claps`, { memberId: 'restart-1', body: { count: 8 } });
    await system.call('PUT', `/posts/${postId}/claps`, { memberId: 'restart-2', body: { count: 13 } });
    await waitFor(async () => (await claps(system, postId)).claps === 21, 'the total before the restart');
    const before = await claps(system, postId);
    const eventsBefore = (await readStream(system.clients.kinesis, system.name('claps'))).length;

    await cloud.stop();
    cloud = await LocalCloudProcess.start(root, dataDir, ['--poll-interval-ms', '200']);
    system = System.fromDataDir(dataDir);
    // Give every mapping a few polls: had a checkpoint been lost, they would process records again.
    await new Promise((resolve) => setTimeout(resolve, 3_000));

    expect(await claps(system, postId)).toEqual(before);
    expect(
      (await system.call('GET', `/posts/${postId}/claps/me`, { memberId: 'restart-2' })).body,
    ).toMatchObject({
      count: 13,
    });
    for (const mapping of await system.mappings()) {
      expect({ function: mapping.functionName, delivered: mapping.recordsDelivered }).toEqual({
        function: mapping.functionName,
        delivered: 0,
      });
    }
    expect((await readStream(system.clients.kinesis, system.name('claps'))).length).toBe(eventsBefore);
    await cloud.stop();
  });

  it('loses no event when the process dies between writing state and publishing', async () => {
    const dataDir = newDataDir();
    let cloud = await LocalCloudProcess.start(root, dataDir, ['--poll-interval-ms', '200']);
    let system = System.fromDataDir(dataDir);
    const postId = await system.createClappablePost();
    // Publishing fails from now on: the state is written, the events cannot leave.
    await system.setKinesisFaults({
      outages: [{ startsAt: Date.now(), durationMs: 3_600_000, operations: ['PutRecord'] }],
    });
    const accepted = await system.call('PUT', `/posts/${postId}/claps`, {
      memberId: 'crash-1',
      body: { count: 17 },
    });
    await system.call('PUT', `/posts/${postId}/claps`, { memberId: 'crash-2', body: { count: 4 } });
    expect(accepted.status).toBe(200);
    await waitFor(
      async () =>
        (await system.mapping('publishClaps')).errors +
          (await system.mapping('publishClaps')).partialFailures >
        0,
      'the publisher to fail',
    );
    const published = (await readStream(system.clients.kinesis, system.name('claps'))).filter(
      (r) => r.PartitionKey === postId,
    );
    expect(published).toHaveLength(0);

    await cloud.kill();
    cloud = await LocalCloudProcess.start(root, dataDir, ['--poll-interval-ms', '200']);
    system = System.fromDataDir(dataDir);

    await waitFor(
      async () => (await claps(system, postId)).claps === 21,
      'the total after the crash',
      60_000,
    );
    const events = (await readStream(system.clients.kinesis, system.name('claps')))
      .filter((record) => record.PartitionKey === postId)
      .map((record) => clapsEvents.decode(record.Data as Uint8Array))
      .flatMap((decoded) => (decoded.ok ? [decoded.event] : []));
    expect(events.filter((e) => e.type === 'ClapsByMemberChanged').map((e) => e.data)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ memberId: 'crash-1', count: 17 }),
        expect.objectContaining({ memberId: 'crash-2', count: 4 }),
      ]),
    );
    await cloud.stop();
  });
});
