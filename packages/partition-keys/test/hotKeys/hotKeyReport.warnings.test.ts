import { evenShardRanges, type HotKeyReport, hotKeyReport, InvalidOptionError } from '../../src';
import { keysOnShard } from '../helpers/oracle';
import { repeat, zipfSample } from '../helpers/samples';

const EIGHT_SHARDS = evenShardRanges(8);
const MIB = 1024 * 1024;
const ofKind = (report: HotKeyReport, kind: 'hot-key' | 'shard-over-limit') =>
  report.warnings.filter((warning) => warning.kind === kind);

describe('hotKeyReport rates and warnings', () => {
  describe('a Zipf-like sample at 4,000 records/s', () => {
    const sample = zipfSample({ distinctKeys: 200, head: 1000 });
    const topShare = 1000 / sample.length; // user-1 appears 1000 times
    const report = hotKeyReport(sample, EIGHT_SHARDS, { observedRate: { recordsPerSecond: 4000 } });

    it('projects each top key’s rate from its share of the sample', () => {
      expect(report.topKeys[0]).toMatchObject({ key: 'user-1', count: 1000 });
      expect(report.topKeys[0]?.recordsPerSecond).toBeCloseTo(topShare * 4000, 9);
      expect(report.topKeys[1]?.recordsPerSecond).toBeCloseTo((500 / sample.length) * 4000, 9);
    });

    it('warns that the top key alone passes half of one shard’s 1,000 records/s', () => {
      const warnings = ofKind(report, 'hot-key');

      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatchObject({
        key: 'user-1',
        shardId: report.topKeys[0]?.shardId,
        metric: 'records',
        limitPerSecond: 1000,
      });
      expect(warnings[0]?.perSecond).toBeCloseTo(topShare * 4000, 9);
      expect(warnings[0]?.fractionOfLimit).toBeCloseTo((topShare * 4000) / 1000, 9);
      expect(warnings[0]?.fractionOfLimit).toBeGreaterThan(0.5);
    });

    it('says in the message which key, which shard, how much and why more shards will not help', () => {
      const message = ofKind(report, 'hot-key')[0]?.message ?? '';

      expect(message).toContain('"user-1"');
      expect(message).toContain(report.topKeys[0]?.shardId ?? 'missing');
      expect(message).toContain(`${Math.round(topShare * 4000)} records/s`);
      expect(message).toContain('More shards cannot spread one key');
    });

    it('does not warn about the second key, at about a third of a shard', () => {
      expect(ofKind(report, 'hot-key').map((warning) => warning.key)).not.toContain('user-2');
    });

    it('has no projected bytes without an observed byte rate', () => {
      expect(report.topKeys.every((key) => key.bytesPerSecond === null)).toBe(true);
      expect(report.warnings.every((warning) => warning.metric === 'records')).toBe(true);
    });
  });

  it('has shares but no rates and no warnings without an observed rate, however skewed the sample', () => {
    const report = hotKeyReport(repeat('post-1', 1000), EIGHT_SHARDS);

    expect(report.topKeys[0]).toMatchObject({ share: 1, recordsPerSecond: null, bytesPerSecond: null });
    expect(report.shards.every((stats) => stats.recordsPerSecond === null)).toBe(true);
    expect(report.warnings).toEqual([]);
    expect(report.observedRate).toBeNull();
  });

  describe('the warning threshold', () => {
    // Half the records carry one key, so the key writes half the observed rate.
    const sample = [...repeat('hot', 50), ...keysOnShard(0, 8, 50, 'cold')];

    it('does not warn at exactly the threshold (one key at 500 of 1,000 records/s)', () => {
      const report = hotKeyReport(sample, EIGHT_SHARDS, { observedRate: { recordsPerSecond: 1000 } });

      expect(report.topKeys[0]).toMatchObject({ key: 'hot', recordsPerSecond: 500 });
      expect(ofKind(report, 'hot-key')).toEqual([]);
    });

    it('warns just above it', () => {
      const report = hotKeyReport(sample, EIGHT_SHARDS, { observedRate: { recordsPerSecond: 1002 } });

      expect(ofKind(report, 'hot-key')).toMatchObject([
        { key: 'hot', perSecond: 501, fractionOfLimit: 0.501 },
      ]);
    });

    it('is configurable: at 0.1 every key above 100 records/s is reported, hottest first', () => {
      const report = hotKeyReport(zipfSample({ distinctKeys: 50, head: 100 }), EIGHT_SHARDS, {
        observedRate: { recordsPerSecond: 1000 },
        warnAtShardFraction: 0.1,
      });
      const warned = ofKind(report, 'hot-key');

      expect(warned.map((warning) => warning.key)).toEqual(['user-1', 'user-2']);
      expect(warned.every((warning) => warning.perSecond > 100)).toBe(true);
      expect(report.topKeys[2]?.recordsPerSecond).toBeLessThanOrEqual(100);
    });

    it('at 1 warns only about a key that alone would be throttled', () => {
      const under = hotKeyReport(sample, EIGHT_SHARDS, {
        observedRate: { recordsPerSecond: 1500 },
        warnAtShardFraction: 1,
      });
      const over = hotKeyReport(sample, EIGHT_SHARDS, {
        observedRate: { recordsPerSecond: 2400 },
        warnAtShardFraction: 1,
      });

      expect(ofKind(under, 'hot-key')).toEqual([]);
      expect(ofKind(over, 'hot-key')).toMatchObject([{ key: 'hot', perSecond: 1200 }]);
    });
  });

  describe('bytes', () => {
    it('projects bytes per key and per shard from the observed byte rate', () => {
      const report = hotKeyReport([...repeat('big', 3), 'small'], EIGHT_SHARDS, {
        observedRate: { recordsPerSecond: 100, bytesPerSecond: 400_000 },
      });

      expect(report.topKeys.map((key) => key.bytesPerSecond)).toEqual([300_000, 100_000]);
      expect(report.shards.reduce((sum, stats) => sum + (stats.bytesPerSecond ?? 0), 0)).toBeCloseTo(
        400_000,
        6,
      );
    });

    it('warns about a key that passes half of 1 MiB/s even when its record rate is low', () => {
      const report = hotKeyReport(repeat('blob', 10), EIGHT_SHARDS, {
        observedRate: { recordsPerSecond: 10, bytesPerSecond: 0.6 * MIB },
      });

      expect(report.warnings.map(({ kind, metric, key }) => ({ kind, metric, key }))).toEqual([
        { kind: 'hot-key', metric: 'bytes', key: 'blob' },
      ]);
      expect(report.warnings[0]?.limitPerSecond).toBe(MIB);
      expect(report.warnings[0]?.message).toContain('bytes/s');
    });
  });

  describe('shards over their limit', () => {
    it('warns about a shard projected over 1,000 records/s, though no single key is hot', () => {
      const sample = keysOnShard(5, 8, 20, 'crowd');
      const report = hotKeyReport(sample, EIGHT_SHARDS, { observedRate: { recordsPerSecond: 1200 } });

      expect(ofKind(report, 'hot-key')).toEqual([]);
      expect(ofKind(report, 'shard-over-limit')).toMatchObject([
        {
          shardId: 'shardId-000000000005',
          key: null,
          metric: 'records',
          perSecond: 1200,
          fractionOfLimit: 1.2,
        },
      ]);
      expect(report.warnings[0]?.message).toContain('ProvisionedThroughputExceededException');
    });

    it('does not warn about a shard at exactly its limit', () => {
      const report = hotKeyReport(keysOnShard(5, 8, 20, 'crowd'), EIGHT_SHARDS, {
        observedRate: { recordsPerSecond: 1000 },
      });

      expect(ofKind(report, 'shard-over-limit')).toEqual([]);
    });

    it('uses a custom shard write limit', () => {
      const report = hotKeyReport(keysOnShard(2, 8, 10, 'crowd'), EIGHT_SHARDS, {
        observedRate: { recordsPerSecond: 300 },
        shardWriteLimit: { recordsPerSecond: 200 },
      });

      expect(ofKind(report, 'shard-over-limit')).toMatchObject([
        { limitPerSecond: 200, fractionOfLimit: 1.5 },
      ]);
      expect(report.shardWriteLimit).toEqual({ recordsPerSecond: 200, bytesPerSecond: MIB });
    });
  });

  it('echoes the options it used, defaults filled in', () => {
    const report = hotKeyReport(['a'], EIGHT_SHARDS);

    expect(report).toMatchObject({
      warnAtShardFraction: 0.5,
      shardWriteLimit: { recordsPerSecond: 1000, bytesPerSecond: MIB },
      observedRate: null,
    });
  });

  describe('refuses options out of range', () => {
    it.each([
      ['top -1', { top: -1 }, 'top'],
      ['top 1.5', { top: 1.5 }, 'top'],
      ['warnAtShardFraction 0', { warnAtShardFraction: 0 }, 'warnAtShardFraction'],
      ['warnAtShardFraction 1.5', { warnAtShardFraction: 1.5 }, 'warnAtShardFraction'],
      ['warnAtShardFraction NaN', { warnAtShardFraction: Number.NaN }, 'warnAtShardFraction'],
      ['a negative record rate', { observedRate: { recordsPerSecond: -1 } }, 'observedRate.recordsPerSecond'],
      [
        'an infinite byte rate',
        { observedRate: { recordsPerSecond: 1, bytesPerSecond: Infinity } },
        'observedRate.bytesPerSecond',
      ],
      [
        'a zero shard limit',
        { shardWriteLimit: { recordsPerSecond: 0 } },
        'shardWriteLimit.recordsPerSecond',
      ],
      [
        'a negative byte limit',
        { shardWriteLimit: { bytesPerSecond: -5 } },
        'shardWriteLimit.bytesPerSecond',
      ],
    ])('refuses %s, naming the option', (_case, options, option) => {
      let thrown: unknown;
      try {
        hotKeyReport(['a'], EIGHT_SHARDS, options);
      } catch (error) {
        thrown = error;
      }

      expect(thrown).toBeInstanceOf(InvalidOptionError);
      expect((thrown as InvalidOptionError).option).toBe(option);
    });

    it('accepts an observed rate of zero (a quiet stream)', () => {
      const report = hotKeyReport(['a'], EIGHT_SHARDS, {
        observedRate: { recordsPerSecond: 0, bytesPerSecond: 0 },
      });

      expect(report.topKeys[0]).toMatchObject({ recordsPerSecond: 0, bytesPerSecond: 0 });
      expect(report.warnings).toEqual([]);
    });
  });
});
