import { evenShardRanges, formatHotKeyReport, hotKeyReport } from '../../src';
import { keysOnShard } from '../helpers/oracle';
import { repeat, zipfSample } from '../helpers/samples';

const FOUR_SHARDS = evenShardRanges(4);

const section = (text: string, title: RegExp): string[] => {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => title.test(line));
  const end = lines.indexOf('', start);
  return lines.slice(start + 1, end === -1 ? undefined : end);
};

describe('formatHotKeyReport', () => {
  const sample = zipfSample({ distinctKeys: 40, head: 400 });
  const report = hotKeyReport(sample, FOUR_SHARDS, {
    top: 5,
    observedRate: { recordsPerSecond: 3000, bytesPerSecond: 3_000_000 },
  });
  const text = formatHotKeyReport(report);

  it('starts with the totals and the number of open shards', () => {
    expect(text.split('\n')[0]).toBe(
      `Hot-key report: ${sample.length} records, 40 distinct keys, 4 open shards`,
    );
  });

  it('gives the imbalance with two decimals and how to read it', () => {
    expect(text).toContain(
      `Imbalance: ${report.imbalance?.toFixed(2)} (hottest shard's share / mean share; 1.00 is even)`,
    );
  });

  it('states the observed rate it projected from', () => {
    expect(text).toContain('Observed rate: 3000 records/s, 3000000 bytes/s');
  });

  it('lists the top keys in order with rank, count, share, shard and rates', () => {
    const rows = section(text, /^Top 5 keys$/);
    const first = report.topKeys[0];

    expect(rows[0]?.split(/\s+/)).toEqual(['#', 'Key', 'Records', 'Share', 'Shard', 'Records/s', 'Bytes/s']);
    expect(rows).toHaveLength(6);
    expect(rows[1]?.trim().split(/\s+/)).toEqual([
      '1',
      'user-1',
      '400',
      `${((first?.share ?? 0) * 100).toFixed(2)}%`,
      first?.shardId,
      first?.recordsPerSecond?.toFixed(1),
      first?.bytesPerSecond?.toFixed(1),
    ]);
    expect(rows.slice(1).map((row) => row.trim().split(/\s+/)[1])).toEqual([
      'user-1',
      'user-2',
      'user-3',
      'user-4',
      'user-5',
    ]);
  });

  it('lists every open shard and marks only the hottest', () => {
    const rows = section(text, /^Shards$/).slice(1);

    expect(rows.map((row) => row.split(/\s+/)[0])).toEqual(report.shards.map((stats) => stats.shardId));
    expect(rows.filter((row) => row.endsWith('<- hottest'))).toEqual([
      expect.stringMatching(new RegExp(`^${report.hottestShard?.shardId}\\s`)),
    ]);
  });

  it('right-aligns numbers under their header, so counts of different widths line up', () => {
    const [header = '', ...rows] = section(text, /^Shards$/);
    const recordsEnd = header.indexOf('Records') + 'Records'.length;

    expect(rows.length).toBe(4);
    for (const row of rows) {
      expect(row.slice(0, recordsEnd)).toMatch(/\d$/);
      expect(row[recordsEnd]).toBe(' ');
    }
  });

  it('leaves no trailing spaces', () => {
    expect(text.split('\n').filter((line) => line !== line.trimEnd())).toEqual([]);
  });

  it('prints each warning on its own line after "!"', () => {
    const lines = text.split('\n');
    const warningLines = lines.filter((line) => line.startsWith('! '));

    expect(report.warnings.length).toBeGreaterThan(0);
    expect(text).toContain(`Warnings (${report.warnings.length})`);
    expect(warningLines).toEqual(report.warnings.map((warning) => `! ${warning.message}`));
  });

  it('shows "-" for rates and says there are no warnings without an observed rate', () => {
    const plain = formatHotKeyReport(hotKeyReport(repeat('post-1', 10), FOUR_SHARDS));
    const row = section(plain, /^Top 1 keys$/)[1] ?? '';

    expect(plain).toContain('Observed rate: not given (no projected rates, no warnings)');
    expect(row.trim().split(/\s+/).slice(-2)).toEqual(['-', '-']);
    expect(plain.endsWith('No warnings.')).toBe(true);
  });

  it('says the imbalance does not apply to an empty sample', () => {
    const empty = formatHotKeyReport(hotKeyReport([], FOUR_SHARDS));

    expect(empty).toContain('Imbalance: n/a (empty sample)');
    expect(empty).not.toContain('<- hottest');
  });

  it('shortens keys longer than 40 characters with "…"', () => {
    const longKey = `${'k'.repeat(39)}TAIL`;
    const textWithLongKey = formatHotKeyReport(hotKeyReport([longKey], FOUR_SHARDS));

    expect(textWithLongKey).toContain(`${'k'.repeat(39)}…`);
    expect(textWithLongKey).not.toContain('TAIL');
  });

  it('keeps a key of exactly 40 characters whole', () => {
    const key = 'k'.repeat(40);

    expect(formatHotKeyReport(hotKeyReport([key], FOUR_SHARDS))).toContain(` ${key} `);
  });

  it('shows a shard the sample never reached with zeros', () => {
    const onlyFirst = formatHotKeyReport(hotKeyReport(keysOnShard(0, 4, 2), FOUR_SHARDS));
    const idle = section(onlyFirst, /^Shards$/).find((row) => row.startsWith('shardId-000000000003'));

    expect(idle?.split(/\s+/)).toEqual(['shardId-000000000003', '0', '0.00%', '0', '-', '-']);
  });
});
