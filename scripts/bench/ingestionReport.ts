import type { RunSummary, Scenario } from '@kes/service-ingestion';
import type { TargetCheck } from './ingestionTargets';

export const CONTROLLERS = ['article', 'adaptive', 'oracle'] as const;
export type ControllerName = (typeof CONTROLLERS)[number];

/** The mean of each scenario's runs, per controller. */
export interface MeanSummary extends Omit<RunSummary, 'completed' | 'recoveryMs'> {
  completedRuns: number;
  /** The mean over runs with a recovery; null if one never got back to full; undefined: no recovery. */
  recoveryMs: number | null | undefined;
}

/** One profile × scenario of the run, as the summary and the JSON report keep it. */
export interface ScenarioReport {
  profile: string;
  scenario: string;
  description: string;
  records: number;
  means: Record<ControllerName, MeanSummary>;
  /** The mean completion of the same workload on a provider that stays healthy (scenarios with `sooner`). */
  healthyMs?: number;
  runs: Record<ControllerName, RunSummary[]>;
  targets: TargetCheck[];
}

const mean = (values: number[]): number =>
  values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);

/** The means of a scenario's runs (a run that never got back to full batch size is not averaged away). */
export const meanOf = (runs: RunSummary[]): MeanSummary => {
  const applicable = runs.filter((run) => run.recoveryMs !== undefined);
  const recoveries = applicable
    .map((run) => run.recoveryMs)
    .filter((value): value is number => typeof value === 'number');
  const field = (key: keyof Omit<RunSummary, 'completed' | 'recoveryMs'>) =>
    mean(runs.map((run) => run[key]));
  return {
    completedRuns: runs.filter((run) => run.completed).length,
    completionMs: field('completionMs'),
    fetched: field('fetched'),
    deadLettered: field('deadLettered'),
    goodputPerMinute: field('goodputPerMinute'),
    calls: field('calls'),
    callsDuringOutage: field('callsDuringOutage'),
    callsOverThreshold: field('callsOverThreshold'),
    throttledCalls: field('throttledCalls'),
    recoveryMs:
      applicable.length === 0 ? undefined : recoveries.length === applicable.length ? mean(recoveries) : null,
  };
};

export const minutes = (ms: number | null | undefined): string =>
  ms === undefined ? '-' : ms === null ? 'never' : `${(ms / 60_000).toFixed(1)} min`;
const fixed = (value: number, digits = 0) => value.toFixed(digits);
const pct = (value: number) => `${Math.round(value * 100)}%`;

/** The per-scenario table: completion, goodput, calls during the outage, over the threshold, back to full. */
export const scenarioTable = (
  scenario: Scenario,
  means: Record<ControllerName, MeanSummary>,
  seeds: number,
): string => {
  const header = `  controller  completion  fetched  dead-lettered  goodput/min   calls  in outage  over ${scenario.params.latencyThresholdMs / 1000} s    429s  back to full`;
  const rows = CONTROLLERS.map((name) => {
    const m = means[name];
    const done = m.completedRuns === seeds ? '' : ` (${m.completedRuns}/${seeds} done)`;
    return `  ${name.padEnd(10)} ${minutes(m.completionMs).padStart(11)} ${fixed(m.fetched).padStart(8)} ${fixed(m.deadLettered, 1).padStart(14)} ${fixed(m.goodputPerMinute).padStart(12)} ${fixed(m.calls).padStart(7)} ${fixed(m.callsDuringOutage, 1).padStart(10)} ${fixed(m.callsOverThreshold).padStart(11)} ${fixed(m.throttledCalls).padStart(7)} ${minutes(m.recoveryMs).padStart(13)}${done}`;
  });
  return `${header}\n${rows.join('\n')}\n`;
};

/**
 * The closing summary: one line per profile and scenario, adaptive against the article with the
 * oracle's gain as the bound of what any controller could reach, and the targets met or not.
 */
export const summaryTable = (reports: readonly ScenarioReport[]): string => {
  const header =
    '  profile      scenario            article → adaptive (oracle)       sooner (bound)   outage calls    dead-lettered   back to full   targets';
  const rows = reports.map((report) => {
    const { article, adaptive, oracle } = report.means;
    const gain = 1 - adaptive.completionMs / article.completionMs;
    const bound = 1 - oracle.completionMs / article.completionMs;
    const outage =
      article.callsDuringOutage > 0
        ? `${fixed(article.callsDuringOutage)} → ${fixed(adaptive.callsDuringOutage)}`
        : '-';
    const failed = report.targets.filter((check) => !check.passed).map((check) => `✖ ${check.target}`);
    const targets = report.targets.length === 0 ? '-' : failed.length === 0 ? '✔ all met' : failed.join('; ');
    return `  ${report.profile.padEnd(12)} ${report.scenario.padEnd(19)} ${`${minutes(article.completionMs)} → ${minutes(adaptive.completionMs)} (${minutes(oracle.completionMs)})`.padEnd(33)} ${`${pct(gain)} (${pct(bound)})`.padStart(14)} ${outage.padStart(14)} ${`${fixed(article.deadLettered, 1)} → ${fixed(adaptive.deadLettered, 1)}`.padStart(16)} ${`${minutes(article.recoveryMs)} → ${minutes(adaptive.recoveryMs)}`.padStart(14)}   ${targets}`;
  });
  return `${header}\n${rows.join('\n')}\n`;
};
