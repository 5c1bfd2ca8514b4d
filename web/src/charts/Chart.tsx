import { BarChart, LineChart, ScatterChart } from "echarts/charts";
import {
  DatasetComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
} from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import { useEffect, useRef } from "react";

// Only the chart kinds oversight draws, so that a chart screen loads what it uses; SVG keeps
// the text of axes and labels crisp at every zoom and readable in screenshots.
echarts.use([
  BarChart,
  LineChart,
  ScatterChart,
  DatasetComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  SVGRenderer,
]);

export type ChartOption = echarts.EChartsCoreOption;

interface ChartProps {
  readonly option: ChartOption;
  /** What the chart shows, for screen readers (the figures are also in a table beside it). */
  readonly label: string;
  readonly height?: number;
}

/** One ECharts chart that follows its option and the width of its container. */
export function Chart({ option, label, height = 280 }: ChartProps) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const node = element.current;
    if (node === null) return;
    const instance = echarts.init(node, undefined, { renderer: "svg" });
    chart.current = instance;
    const observer = new ResizeObserver(() => {
      instance.resize();
    });
    observer.observe(node);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={element} role="img" aria-label={label} style={{ width: "100%", height }} />;
}
