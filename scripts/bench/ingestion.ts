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
  PROFILES,
  type RunSummary,
  type Scenario,
  scenarioSuite,
  simulateIngestion,
  summarise,
} from '@kes/service-ingestion';
import { type Series, writeLineChart } from '../feed/chart';
import {
  CONTROLLERS,
  type ControllerName,
  meanOf,
  type ScenarioReport,
  scenarioTable,
  summaryTable,
} from './ingestionReport';
import { checkTargets, type TargetCheck } from './ingestionTargets';

export type { MeanSummary } from './ingestionReport';

export const INGESTION_USAGE = `npm run bench -- ingestion [--seeds 5] [--profile <name>] [--scenario <name>]

The self-healing controllers of services/ingestion on the scenario suite, in deterministic virtual time:
the source article's rule, ours (adaptive) and an oracle that reads the provider's script (the best any
controller could do). The suite runs on each provider profile (${PROFILES.map((p) => p.name).join(', ')}):
the same scenario shapes with the profile's latency, concurrency and workload. Each scenario runs once
per seed (provider draws, jitter, the schedule's phase); tables show the means. Checks the targets
(adaptive ≥ 25% sooner on degradation/outage scenarios, ≥ 50% fewer calls during outages, full batch
size within two probe intervals of recovery, no loss when healthy), prints them met or not with the
oracle's bound, and writes reports/bench-ingestion-<time>.json and, per profile and scenario, SVG
charts of batch size and circuit state over time (first seed).`;

type AnyController = Controller<ArticleState> | Controller<AdaptiveState>;

const controllerFor = (name: ControllerName, scenario: Scenario): AnyController =>
  name === 'article'
    ? articleController
    : name === 'adaptive'
      ? adaptiveController
      : (oracleController(scenario.timeline) as unknown as AnyController);

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

type FirstRun = Record<ControllerName, { samples: ControlSample[]; endedAt: number }>;

const writeCharts = async (base: string, scenario: Scenario, first: FirstRun, seed: number) => {
  const endMs = Math.max(...CONTROLLERS.map((name) => first[name].endedAt));
  const stepMs = Math.max(1_000, Math.round(endMs / 1_500));
  const series = (value: (sample: ControlSample) => number): Series[] =>
    CONTROLLERS.flatMap((name) =>
      resample(first[name].samples, endMs, stepMs, value).map((point) => ({ ...point, series: name })),
    );
  const title = `${scenario.profile} / ${scenario.name}`;
  const file = `${base}-${scenario.profile}-${scenario.name}`;
  await writeLineChart(
    `${file}-batch-size.svg`,
    `${title}: batch size (0 = mapping disabled), seed ${seed}`,
    'virtual time (min)',
    'batch size',
    series((sample) => (sample.enabled ? sample.batchSize : 0)),
  );
  await writeLineChart(
    `${file}-circuit.svg`,
    `${title}: circuit (2 closed, 1 half-open, 0 open), seed ${seed}`,
    'virtual time (min)',
    'circuit',
    series((sample) => CIRCUIT_LEVEL[sample.circuit]),
  );
};

const firstTickAt = (seed: number, tickMs: number) => {
  // The schedule's phase relative to the provider's script is luck: draw it per seed, the same for all.
  const [phase] = nextRandom(seed * 7919);
  return Math.max(1, Math.round(phase * tickMs));
};

/**
 * The mean time the scenario's workload takes on a provider that stays healthy (the article's rule; every
 * controller stays at full batch size there): what a run would take without the incident.
 */
const healthyCompletionMs = (scenario: Scenario, healthy: Scenario, seeds: number[]): number => {
  const tickMs = articleController.tickIntervalMs(scenario.params);
  const times = seeds.map((seed) => {
    const result = simulateIngestion({
      controller: articleController,
      params: scenario.params,
      timeline: healthy.timeline,
      records: scenario.records,
      seed,
      callTimeoutMs: scenario.callTimeoutMs,
      firstTickAtMs: firstTickAt(seed, tickMs),
    });
    return result.completedAt ?? result.endedAt;
  });
  return times.reduce((sum, time) => sum + time, 0) / times.length;
};

/** Runs one scenario for every controller and seed; prints its table and targets. */
const runScenario = (scenario: Scenario, seeds: number[]) => {
  const runs = { article: [], adaptive: [], oracle: [] } as Record<ControllerName, RunSummary[]>;
  const first = {} as FirstRun;
  const timings: string[] = [];
  for (const name of CONTROLLERS) {
    const controller = controllerFor(name, scenario);
    const tickMs = controller.tickIntervalMs(scenario.params);
    const startedAt = performance.now();
    for (const seed of seeds) {
      const result = simulateIngestion({
        controller: controller as Controller<ArticleState>,
        params: scenario.params,
        timeline: scenario.timeline,
        records: scenario.records,
        seed,
        callTimeoutMs: scenario.callTimeoutMs,
        firstTickAtMs: firstTickAt(seed, tickMs),
      });
      runs[name].push(summarise(result, scenario.params, scenario.timeline));
      if (seed === seeds[0]) first[name] = { samples: result.samples, endedAt: result.endedAt };
    }
    timings.push(`${name} ${(performance.now() - startedAt).toFixed(0)} ms`);
  }
  process.stdout.write(`    ${seeds.length} runs each: ${timings.join(', ')}\n`);
  return { runs, first };
};

export const benchIngestion = async (root: string, argv: string[]): Promise<void> => {
  const { values } = parseArgs({
    args: argv,
    options: {
      seeds: { type: 'string', default: '5' },
      profile: { type: 'string' },
      scenario: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${INGESTION_USAGE}\n`);
    return;
  }
  const seeds = Array.from({ length: Math.max(1, Number(values.seeds)) }, (_, index) => index + 1);
  const profiles = PROFILES.filter((profile) => !values.profile || profile.name === values.profile);
  if (profiles.length === 0)
    throw new Error(`No profile "${values.profile}": ${PROFILES.map((p) => p.name).join(', ')}`);
  const suites = profiles.map((profile) =>
    scenarioSuite(profile).filter((scenario) => !values.scenario || scenario.name === values.scenario),
  );
  if (suites.every((suite) => suite.length === 0)) throw new Error(`No scenario "${values.scenario}"`);
  mkdirSync(join(root, 'reports'), { recursive: true });
  const base = join(root, 'reports', `bench-ingestion-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  const reports: ScenarioReport[] = [];
  const allChecks: TargetCheck[] = [];
  const began = performance.now();

  for (const [index, profile] of profiles.entries()) {
    process.stdout.write(`\n■ profile ${profile.name}: ${profile.description}\n`);
    for (const scenario of suites[index] ?? []) {
      process.stdout.write(
        `\n▸ ${profile.name} / ${scenario.name}: ${scenario.description}; ${scenario.records} records, ${seeds.length} seeds\n`,
      );
      const { runs, first } = runScenario(scenario, seeds);
      const means = {
        article: meanOf(runs.article),
        adaptive: meanOf(runs.adaptive),
        oracle: meanOf(runs.oracle),
      };
      process.stdout.write(scenarioTable(scenario, means, seeds.length));
      const healthy = scenarioSuite(profile).find((candidate) => candidate.name === 'steady-healthy');
      const healthyMs =
        healthy && scenario.targets.includes('sooner')
          ? healthyCompletionMs(scenario, healthy, seeds)
          : undefined;
      const checks = checkTargets(scenario, means, means.oracle, healthyMs);
      allChecks.push(...checks);
      for (const check of checks)
        process.stdout.write(`  ${check.passed ? '✔ met' : '✖ not met'} ${check.target}: ${check.detail}\n`);
      reports.push({
        profile: profile.name,
        scenario: scenario.name,
        description: scenario.description,
        records: scenario.records,
        means,
        ...(healthyMs === undefined ? {} : { healthyMs }),
        runs,
        targets: checks,
      });
      await writeCharts(base, scenario, first, seeds[0] as number);
    }
  }

  process.stdout.write(
    `\nSummary (means of ${seeds.length} seeds; sooner = 1 − adaptive / article, bound = the oracle's):\n`,
  );
  process.stdout.write(summaryTable(reports));
  const passed = allChecks.filter((check) => check.passed).length;
  process.stdout.write(
    `\nTargets: ${passed}/${allChecks.length} met (${((performance.now() - began) / 1000).toFixed(1)} s real time)\n`,
  );
  writeFileSync(`${base}.json`, JSON.stringify({ seeds, profiles, scenarios: reports }, null, 2));
  process.stdout.write(`Report: ${base}.json and ${base}-<profile>-<scenario>-{batch-size,circuit}.svg\n`);
};
