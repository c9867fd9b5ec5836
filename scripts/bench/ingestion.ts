import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  type AdaptiveState,
  type ArticleState,
  adaptiveController,
  articleController,
  type Controller,
  type ControlSample,
  nextRandom,
  oracleController,
  type RunSummary,
  SCENARIOS,
  type Scenario,
  simulateIngestion,
  summarise,
} from '@kes/service-ingestion';
import { type Series, writeLineChart } from '../feed/chart';
import { checkTargets, type TargetCheck } from './ingestionTargets';

export const INGESTION_USAGE = `npm run bench -- ingestion [--seeds 5] [--scenario <name>]

The self-healing controllers of services/ingestion on the scenario suite, in deterministic virtual time:
the source article's rule, ours (adaptive) and an oracle that reads the provider's script (the best any
controller could do). Each scenario runs once per seed (provider draws, jitter, the schedule's phase);
tables show the means. Checks the targets (adaptive ≥ 25% sooner on degradation/outage scenarios, ≥ 50%
fewer calls during outages, full batch size within two probe intervals of recovery, no loss when healthy)
and writes reports/bench-ingestion-<time>.json and, per scenario, SVG charts of batch size and circuit
state over time (seed 1).`;

type AnyController = Controller<ArticleState> | Controller<AdaptiveState>;
const CONTROLLERS = ['article', 'adaptive', 'oracle'] as const;
type ControllerName = (typeof CONTROLLERS)[number];

/** The mean of each scenario's runs, per controller. */
export interface MeanSummary extends Omit<RunSummary, 'completed' | 'recoveryMs'> {
  completedRuns: number;
  /** The mean over runs with a recovery; null if one never got back to full; undefined: no recovery. */
  recoveryMs: number | null | undefined;
}

const mean = (values: number[]): number =>
  values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);

const meanOf = (runs: RunSummary[]): MeanSummary => {
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
    // A run that never got back to full batch size counts as not recovered: the mean would hide it.
    recoveryMs:
      applicable.length === 0 ? undefined : recoveries.length === applicable.length ? mean(recoveries) : null,
  };
};

const controllerFor = (name: ControllerName, scenario: Scenario): AnyController =>
  name === 'article'
    ? articleController
    : name === 'adaptive'
      ? adaptiveController
      : (oracleController(scenario.timeline) as unknown as AnyController);

const minutes = (ms: number | null | undefined) =>
  ms === undefined ? '-' : ms === null ? 'never' : `${(ms / 60_000).toFixed(1)} min`;
const fixed = (value: number, digits = 0) => value.toFixed(digits);

const printTable = (scenario: Scenario, means: Record<ControllerName, MeanSummary>, seeds: number) => {
  const header = `  controller  completion  fetched  dead-lettered  goodput/min   calls  in outage  over ${scenario.params.latencyThresholdMs} ms    429s  back to full`;
  const rows = CONTROLLERS.map((name) => {
    const m = means[name];
    const done = m.completedRuns === seeds ? '' : ` (${m.completedRuns}/${seeds} done)`;
    return `  ${name.padEnd(10)} ${minutes(m.completionMs).padStart(11)} ${fixed(m.fetched).padStart(8)} ${fixed(m.deadLettered, 1).padStart(14)} ${fixed(m.goodputPerMinute).padStart(12)} ${fixed(m.calls).padStart(7)} ${fixed(m.callsDuringOutage, 1).padStart(10)} ${fixed(m.callsOverThreshold).padStart(12)} ${fixed(m.throttledCalls).padStart(7)} ${minutes(m.recoveryMs).padStart(13)}${done}`;
  });
  process.stdout.write(`${header}\n${rows.join('\n')}\n`);
};

const CIRCUIT_LEVEL = { open: 0, 'half-open': 1, closed: 2 } as const;

/** A step function sampled every `stepMs`, so the chart's lines stay flat between decisions. */
const resample = (
  samples: readonly ControlSample[],
  endMs: number,
  stepMs: number,
  value: (s: ControlSample) => number,
) => {
  const points: Array<{ x: number; y: number }> = [];
  let index = 0;
  for (let at = 0; at <= endMs; at += stepMs) {
    while (index + 1 < samples.length && (samples[index + 1] as ControlSample).at <= at) index++;
    const sample = samples[index];
    if (sample) points.push({ x: Number((at / 60_000).toFixed(3)), y: value(sample) });
  }
  return points;
};

export const benchIngestion = async (root: string, argv: string[]): Promise<void> => {
  const { values } = parseArgs({
    args: argv,
    options: {
      seeds: { type: 'string', default: '5' },
      scenario: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${INGESTION_USAGE}\n`);
    return;
  }
  const seeds = Array.from({ length: Math.max(1, Number(values.seeds)) }, (_, index) => index + 1);
  const scenarios = SCENARIOS.filter((scenario) => !values.scenario || scenario.name === values.scenario);
  if (scenarios.length === 0)
    throw new Error(`No scenario "${values.scenario}": ${SCENARIOS.map((s) => s.name).join(', ')}`);
  mkdirSync(join(root, 'reports'), { recursive: true });
  const base = join(root, 'reports', `bench-ingestion-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  const report: Array<{
    scenario: string;
    description: string;
    records: number;
    means: Record<ControllerName, MeanSummary>;
    runs: Record<ControllerName, RunSummary[]>;
    targets: TargetCheck[];
  }> = [];
  const allChecks: TargetCheck[] = [];
  const began = performance.now();

  for (const scenario of scenarios) {
    process.stdout.write(
      `\n▸ ${scenario.name}: ${scenario.description}; ${scenario.records} records, ${seeds.length} seeds\n`,
    );
    const runs = { article: [], adaptive: [], oracle: [] } as Record<ControllerName, RunSummary[]>;
    const firstSamples = {} as Record<ControllerName, { samples: ControlSample[]; endedAt: number }>;
    for (const name of CONTROLLERS) {
      const controller = controllerFor(name, scenario);
      const tickMs = controller.tickIntervalMs(scenario.params);
      const startedAt = performance.now();
      for (const seed of seeds) {
        // The schedule's phase relative to the provider's script is luck: draw it per seed, the same for all.
        const [phase] = nextRandom(seed * 7919);
        const result = simulateIngestion({
          controller: controller as Controller<ArticleState>,
          params: scenario.params,
          timeline: scenario.timeline,
          records: scenario.records,
          seed,
          firstTickAtMs: Math.max(1, Math.round(phase * tickMs)),
        });
        runs[name].push(summarise(result, scenario.params, scenario.timeline));
        if (seed === seeds[0]) firstSamples[name] = { samples: result.samples, endedAt: result.endedAt };
      }
      process.stdout.write(
        `    ${name}: ${seeds.length} runs in ${(performance.now() - startedAt).toFixed(0)} ms\n`,
      );
    }
    const means = {
      article: meanOf(runs.article),
      adaptive: meanOf(runs.adaptive),
      oracle: meanOf(runs.oracle),
    };
    printTable(scenario, means, seeds.length);
    const checks = checkTargets(scenario, means, means.oracle);
    allChecks.push(...checks);
    for (const check of checks)
      process.stdout.write(`  ${check.passed ? '✔' : '✖'} ${check.target}: ${check.detail}\n`);
    report.push({
      scenario: scenario.name,
      description: scenario.description,
      records: scenario.records,
      means,
      runs,
      targets: checks,
    });

    const endMs = Math.max(...CONTROLLERS.map((name) => firstSamples[name].endedAt));
    const stepMs = Math.max(1_000, Math.round(endMs / 1_500));
    const series = (value: (sample: ControlSample) => number): Series[] =>
      CONTROLLERS.flatMap((name) =>
        resample(firstSamples[name].samples, endMs, stepMs, value).map((point) => ({
          ...point,
          series: name,
        })),
      );
    await writeLineChart(
      `${base}-${scenario.name}-batch-size.svg`,
      `${scenario.name}: batch size (0 = mapping disabled), seed ${seeds[0]}`,
      'virtual time (min)',
      'batch size',
      series((sample) => (sample.enabled ? sample.batchSize : 0)),
    );
    await writeLineChart(
      `${base}-${scenario.name}-circuit.svg`,
      `${scenario.name}: circuit (2 closed, 1 half-open, 0 open), seed ${seeds[0]}`,
      'virtual time (min)',
      'circuit',
      series((sample) => CIRCUIT_LEVEL[sample.circuit]),
    );
  }

  const passed = allChecks.filter((check) => check.passed).length;
  process.stdout.write(
    `\nTargets: ${passed}/${allChecks.length} passed (${((performance.now() - began) / 1000).toFixed(1)} s real time)\n`,
  );
  writeFileSync(`${base}.json`, JSON.stringify({ seeds, scenarios: report }, null, 2));
  process.stdout.write(`Report: ${base}.json and ${base}-<scenario>-{batch-size,circuit}.svg\n`);
};
