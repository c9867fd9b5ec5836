import { writeFileSync } from 'node:fs';

export interface Series {
  x: number;
  y: number | null;
  series: string;
}

/**
 * Renders a line chart (one line per series) to an SVG file with Vega-Lite, headless: how a run went
 * over time is easier to look at than to read.
 */
export const writeLineChart = async (
  file: string,
  title: string,
  xTitle: string,
  yTitle: string,
  points: Series[],
): Promise<void> => {
  // Vega is ESM-only with top-level await: load it as a module, not through require.
  const vega = await import('vega');
  const vegaLite = await import('vega-lite');
  const spec = vegaLite.compile({
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    width: 720,
    height: 280,
    data: { values: points.filter((point) => point.y !== null) },
    mark: { type: 'line', point: false, interpolate: 'monotone' },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: xTitle },
      y: { field: 'y', type: 'quantitative', title: yTitle },
      color: { field: 'series', type: 'nominal', title: null },
    },
  }).spec;
  const view = new vega.View(vega.parse(spec), { renderer: 'none' });
  writeFileSync(file, await view.toSVG());
  view.finalize();
};
