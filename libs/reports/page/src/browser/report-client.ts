/// <reference lib="dom" />
import type { Chart as ChartJs, ChartConfiguration, TooltipItem } from 'chart.js';

/**
 * The page's one script of its own. It runs in the browser and is inlined by its source text, so it refers to
 * nothing outside its body but the DOM and the `Chart` global of the inlined Chart.js.
 *
 * It draws each chart of `script[data-report-charts]` into its canvas with the page's CSS colours (light or dark),
 * formats ticks and tooltips, marks `report-drawn` on the performance timeline when all are drawn, redraws when the
 * colour scheme changes, and on the served page replaces the report and the live part with what the server sends.
 */
export const reportClient = (): void => {
  type Format = 'dollars' | 'count';
  interface Spec {
    readonly id: string;
    readonly empty: string | null;
    readonly config: ChartConfiguration<'bar' | 'line', number[], string>;
    readonly axisFormats: Readonly<Record<string, Format>>;
    readonly datasetFormats: readonly Format[];
  }
  const Chart = (window as unknown as { readonly Chart: typeof ChartJs }).Chart;
  const compact: Record<Format, Intl.NumberFormat> = {
    dollars: new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', notation: 'compact' }),
    count: new Intl.NumberFormat('en-US', { notation: 'compact' }),
  };
  const exact: Record<Format, Intl.NumberFormat> = {
    dollars: new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }),
    count: new Intl.NumberFormat('en-US'),
  };

  const themed = (config: Spec['config']): Spec['config'] => {
    const css = getComputedStyle(document.documentElement);
    const resolve = (value: unknown): unknown =>
      typeof value === 'string' && value.startsWith('var(') ? css.getPropertyValue(value.slice(4, -1)).trim() : Array.isArray(value) ? value.map(resolve) : value;
    Chart.defaults.color = css.getPropertyValue('--muted').trim();
    Chart.defaults.borderColor = css.getPropertyValue('--grid').trim();
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    const datasets = config.data.datasets.map((dataset) => ({
      ...dataset,
      backgroundColor: resolve(dataset.backgroundColor),
      borderColor: resolve(dataset.borderColor),
    }));
    return { ...config, data: { ...config.data, datasets } as Spec['config']['data'] };
  };

  const draw = (root: ParentNode): void => {
    const script = root.querySelector('script[data-report-charts]');
    const specs = JSON.parse(script?.textContent ?? '[]') as readonly Spec[];
    specs.forEach((spec) => {
      const canvas = root.querySelector<HTMLCanvasElement>(`#chart-${spec.id}`);
      if (spec.empty !== null || canvas === null) return;
      const config = themed(spec.config);
      const horizontal = config.options?.indexAxis === 'y';
      const scales = Object.fromEntries(
        Object.entries(config.options?.scales ?? {}).map(([id, scale]) => {
          const format = spec.axisFormats[id];
          const ticks = format === undefined ? {} : { callback: (value: string | number) => (typeof value === 'number' ? compact[format].format(value) : value) };
          return [id, { ...scale, ticks: { ...scale?.ticks, ...ticks } }];
        }),
      );
      const label = (item: TooltipItem<'bar' | 'line'>) =>
        `${item.dataset.label ?? ''}: ${exact[spec.datasetFormats[item.datasetIndex] ?? 'count'].format((horizontal ? item.parsed.x : item.parsed.y) ?? 0)}`;
      new Chart(canvas, {
        ...config,
        options: {
          ...config.options,
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          interaction: { mode: 'index', intersect: false },
          scales,
          plugins: { ...config.options?.plugins, tooltip: { callbacks: { label } } },
        },
      } as Spec['config']);
    });
    performance.mark('report-drawn');
  };

  const redraw = (root: ParentNode): void => {
    Object.values(Chart.instances).forEach((chart) => chart.destroy());
    draw(root);
  };

  draw(document);
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => redraw(document));

  const events = document.body.dataset['events'];
  if (events !== undefined) {
    const replace = (id: string, after: (element: HTMLElement) => void) => (event: Event) => {
      const element = document.getElementById(id);
      if (element === null) return;
      element.innerHTML = (JSON.parse((event as MessageEvent<string>).data) as { readonly html: string }).html;
      after(element);
    };
    const source = new EventSource(events);
    source.addEventListener('report', replace('report', redraw));
    source.addEventListener('live', replace('live', () => undefined));
  }
};
