import { oneAtATimePerFolder } from '../../src/util/oneAtATimePerFolder';

/** A task that records which items run at the same time, and finishes when released. */
const recorder = () => {
  const running = new Set<string>();
  const overlaps: string[][] = [];
  const started: string[] = [];
  const task = async (item: { key: string; path: string }) => {
    running.add(item.key);
    started.push(item.key);
    overlaps.push([...running].sort());
    await new Promise((resolve) => setTimeout(resolve, 20));
    running.delete(item.key);
    return item.key.toUpperCase();
  };
  return { task, overlaps, started };
};

describe('oneAtATimePerFolder', () => {
  const items = [
    { key: 'platform', path: 'services/platform' },
    { key: 'acme', path: 'services/ingestion' },
    { key: 'globex', path: './services/ingestion' },
    { key: 'initech', path: 'services/ingestion/' },
    { key: 'posts', path: 'services/posts' },
  ];

  it('never runs two items of one folder at once, however the folder is spelled', async () => {
    const { task, overlaps } = recorder();

    await oneAtATimePerFolder(items, (item) => item.path, task);

    for (const together of overlaps) {
      expect(
        together.filter((key) => ['acme', 'globex', 'initech'].includes(key)).length,
      ).toBeLessThanOrEqual(1);
    }
  });

  it('runs different folders at once, and one folder in the given order', async () => {
    const { task, overlaps, started } = recorder();

    await oneAtATimePerFolder(items, (item) => item.path, task);

    expect(Math.max(...overlaps.map((together) => together.length))).toBe(3);
    expect(started.filter((key) => ['acme', 'globex', 'initech'].includes(key))).toEqual([
      'acme',
      'globex',
      'initech',
    ]);
  });

  it("returns the results in the items' order", async () => {
    const { task } = recorder();

    expect(await oneAtATimePerFolder(items, (item) => item.path, task)).toEqual([
      'PLATFORM',
      'ACME',
      'GLOBEX',
      'INITECH',
      'POSTS',
    ]);
  });

  it('rejects with the first failure', async () => {
    await expect(
      oneAtATimePerFolder(
        items,
        (item) => item.path,
        async (item) => {
          if (item.key === 'globex') throw new Error('globex failed');
          return item.key;
        },
      ),
    ).rejects.toThrow('globex failed');
  });
});
