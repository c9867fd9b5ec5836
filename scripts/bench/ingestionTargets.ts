import type { Scenario } from '@kes/service-ingestion';
import type { MeanSummary } from './ingestionReport';

/** One target of the issue, checked on one scenario's means. */
export interface TargetCheck {
  profile: string;
  scenario: string;
  target: string;
  passed: boolean;
  detail: string;
}

const pct = (value: number) => `${(value * 100).toFixed(0)}%`;
const min = (ms: number) => `${(ms / 60_000).toFixed(1)} min`;

/**
 * The time the incident cost beyond a run on a provider that stays healthy, per controller; and the part
 * of it a controller could have saved (beyond the oracle's, the best possible), with how much less of
 * that adaptive lost than the article.
 *
 * @example
 * lostToIncident(9.4 * 60_000, means, oracle);
 * // 'time lost to the incident: article 34.9, adaptive 32.4, oracle 30.0 min; beyond the best possible: article 4.9, adaptive 2.4 min (51% less)'
 */
export const lostToIncident = (
  healthyMs: number,
  means: Record<'article' | 'adaptive', MeanSummary>,
  oracle: MeanSummary,
): string => {
  const figure = (ms: number) => (Math.max(0, ms) / 60_000).toFixed(1);
  const beyond = (summary: MeanSummary) => Math.max(0, summary.completionMs - oracle.completionMs);
  const less = 1 - beyond(means.adaptive) / Math.max(1, beyond(means.article));
  return `time lost to the incident: article ${figure(means.article.completionMs - healthyMs)}, adaptive ${figure(means.adaptive.completionMs - healthyMs)}, oracle ${figure(oracle.completionMs - healthyMs)} min; beyond the best possible: article ${figure(beyond(means.article))}, adaptive ${figure(beyond(means.adaptive))} min (${pct(less)} less)`;
};

/**
 * The issue's targets for `adaptive` against `article` (the oracle shows how much sooner is possible at all): ≥ 25% sooner on the degradation/outage
 * scenarios, ≥ 50% fewer calls during outages, full batch size within two probe intervals (the
 * longest, `probe.maxIntervalMs`) of the recovery, and no loss on the healthy scenario (completion
 * within 1% and goodput at least 99% of the article's).
 */
export const checkTargets = (
  scenario: Scenario,
  means: Record<'article' | 'adaptive', MeanSummary>,
  oracle: MeanSummary,
  healthyMs?: number,
): TargetCheck[] => {
  const { article, adaptive } = means;
  const check = (target: string, passed: boolean, detail: string): TargetCheck => ({
    profile: scenario.profile,
    scenario: scenario.name,
    target,
    passed,
    detail,
  });
  return scenario.targets.map((target) => {
    switch (target) {
      case 'sooner': {
        const gain = 1 - adaptive.completionMs / article.completionMs;
        const bound = 1 - oracle.completionMs / article.completionMs;
        return check(
          '≥ 25% sooner',
          gain >= 0.25,
          `${min(adaptive.completionMs)} vs ${min(article.completionMs)}: ${pct(gain)} sooner (the oracle: ${pct(bound)}, the best possible${bound < 0.25 ? ': out of reach for any controller' : ''})${healthyMs === undefined ? '' : `; ${lostToIncident(healthyMs, means, oracle)}`}`,
        );
      }
      case 'outageCalls': {
        const fewer = 1 - adaptive.callsDuringOutage / Math.max(1, article.callsDuringOutage);
        return check(
          '≥ 50% fewer calls during outages',
          fewer >= 0.5,
          `${adaptive.callsDuringOutage.toFixed(1)} vs ${article.callsDuringOutage.toFixed(1)}: ${pct(fewer)} fewer`,
        );
      }
      case 'recovery': {
        const limit = 2 * scenario.params.probe.maxIntervalMs;
        const shown = (ms: number | null | undefined) =>
          ms === undefined ? 'n/a' : ms === null ? 'never' : min(ms);
        if (adaptive.recoveryMs === undefined)
          return check(
            'full batch size within 2 probe intervals of recovery',
            true,
            'n/a: done before any recovery',
          );
        return check(
          'full batch size within 2 probe intervals of recovery',
          adaptive.recoveryMs !== null && adaptive.recoveryMs <= limit,
          `${shown(adaptive.recoveryMs)} at worst (limit ${min(limit)}; article ${shown(article.recoveryMs)})`,
        );
      }
      case 'noLoss':
        return check(
          'no loss when healthy',
          adaptive.completionMs <= article.completionMs * 1.01 &&
            adaptive.goodputPerMinute >= article.goodputPerMinute * 0.99,
          `${min(adaptive.completionMs)} vs ${min(article.completionMs)}, goodput ${adaptive.goodputPerMinute.toFixed(0)} vs ${article.goodputPerMinute.toFixed(0)}/min`,
        );
    }
    return check(target, false, 'unknown target');
  });
};
