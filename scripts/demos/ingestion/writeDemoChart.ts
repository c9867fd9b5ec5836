import { writeFileSync } from 'node:fs';
import type { IngestionDemoResult } from './runIngestionDemo';

const CIRCUIT_LEVEL: Record<string, number> = { open: 0, 'half-open': 1, closed: 2 };
const PHASE_COLOURS = { healthy: '#2ca02c', degraded: '#ff7f0e', outage: '#d62728', maintenance: '#9467bd' };

/**
 * The demo as an SVG (Vega-Lite, headless): the mapping's batch size (0 while disabled) and the
 * controller's circuit over time, on the provider's phases shaded by kind.
 *
 * @example
 * await writeDemoChart('reports/demo-ingestion.svg', 'acme: self-healing ingestion', result);
 */
export const writeDemoChart = async (
  file: string,
  title: string,
  result: IngestionDemoResult,
): Promise<void> => {
  const vega = await import('vega');
  const vegaLite = await import('vega-lite');
  const minutes = (ms: number) => Number((ms / 60_000).toFixed(3));
  const phases = result.phases
    .filter((phase) => phase.endMs > phase.startMs)
    .map((phase) => ({ ...phase, x: minutes(phase.startMs), x2: minutes(phase.endMs) }));
  const points = result.samples.map((sample) => ({
    x: minutes(sample.atMs),
    batchSize: sample.state === 'Disabled' ? 0 : sample.batchSize,
    circuit: CIRCUIT_LEVEL[sample.circuit] ?? null,
  }));
  const shading = {
    data: { values: phases },
    mark: { type: 'rect', opacity: 0.12 },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: 'time since the provider script started (min)' },
      x2: { field: 'x2' },
      color: {
        field: 'kind',
        type: 'nominal',
        title: 'provider phase',
        scale: { domain: Object.keys(PHASE_COLOURS), range: Object.values(PHASE_COLOURS) },
      },
    },
  };
  const panel = (field: 'batchSize' | 'circuit', yTitle: string, axis: Record<string, unknown> = {}) => ({
    width: 720,
    height: 200,
    layer: [
      shading,
      {
        data: { values: points.filter((point) => point[field] !== null) },
        mark: { type: 'line', interpolate: 'step-after', color: '#1f77b4' },
        encoding: {
          x: { field: 'x', type: 'quantitative' },
          y: { field, type: 'quantitative', title: yTitle, axis },
        },
      },
    ],
  });
  const spec = vegaLite.compile({
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    vconcat: [
      panel('batchSize', 'batch size (0 = mapping disabled)'),
      panel('circuit', 'circuit', {
        values: [0, 1, 2],
        labelExpr: "datum.value == 0 ? 'open' : datum.value == 1 ? 'half-open' : 'closed'",
      }),
    ],
    // biome-ignore lint/suspicious/noExplicitAny: Vega-Lite's TopLevelSpec union does not narrow on a literal built in parts
  } as any).spec;
  const view = new vega.View(vega.parse(spec), { renderer: 'none' });
  writeFileSync(file, await view.toSVG());
  view.finalize();
};
