import { Flex, Table, Typography } from "antd";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { Chart, type ChartOption } from "../../charts/Chart";
import { completionText, timelinessColumns } from "./figures";
import { sharesOf, weekLabel } from "./format";
import type { WeekKeeping } from "./model";

/** On time green, late orange, missing red: told apart by the legend and the table too. */
const COLOURS = ["#389e0d", "#d48806", "#cf1322"];

/** Each week's shares (percent, one decimal) of entries on time, late and missing; weeks
 * with nothing due are left out. */
export function weekSeries(weeks: readonly WeekKeeping[]): { week: string; onTime: number; late: number; missing: number }[] {
  const percent = (share: number) => Math.round(share * 1000) / 10;
  return weeks.flatMap((week) => {
    const shares = sharesOf(week.timeliness);
    return shares === null ? [] : [{ week: week.week, onTime: percent(shares.onTime), late: percent(shares.late), missing: percent(shares.missing) }];
  });
}

/**
 * Timeliness week by week (O1's trend): stacked shares of entries on time, late and
 * missing, and beside it the same figures as a table with the lessons held, each week a
 * link to its lessons when `weekTarget` gives one.
 */
export function TimelinessChart({ weeks, weekTarget }: { weeks: readonly WeekKeeping[]; weekTarget?: (week: string) => string }) {
  const { t, i18n } = useTranslation("oversight");
  const series = useMemo(() => weekSeries(weeks), [weeks]);
  const option = useMemo((): ChartOption => {
    const bar = (name: string, values: number[]) => ({ name, type: "bar", stack: "share", barMaxWidth: 48, data: values });
    return {
      animation: false,
      color: COLOURS,
      tooltip: { trigger: "axis", valueFormatter: (value: number) => `${String(value)} %` },
      legend: { top: 0 },
      grid: { left: 56, right: 16, top: 40, bottom: 32 },
      xAxis: { type: "category", data: series.map((row) => weekLabel(row.week)) },
      yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value} %" } },
      series: [
        bar(t("figures.onTime"), series.map((row) => row.onTime)),
        bar(t("figures.late"), series.map((row) => row.late)),
        bar(t("figures.missing"), series.map((row) => row.missing)),
      ],
    };
  }, [series, t]);
  const visible = weeks.filter((week) => sharesOf(week.timeliness) !== null);
  return (
    <Flex vertical gap="small">
      <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>
        {t("chart.title")}
      </Typography.Title>
      {visible.length === 0 ? (
        <Typography.Text>{t("chart.empty")}</Typography.Text>
      ) : (
        <Flex gap="large" wrap align="start">
          <div style={{ flex: "1 1 380px", minWidth: 0 }}>
            <Chart option={option} label={t("chart.label")} />
          </div>
          <Table<WeekKeeping>
            style={{ flex: "1 1 480px" }}
            rowKey="week"
            size="small"
            bordered
            pagination={false}
            dataSource={visible}
            scroll={{ x: "max-content" }}
            caption={<span className="okrug-visually-hidden">{t("chart.caption")}</span>}
            columns={[
              {
                key: "week",
                title: t("figures.week"),
                render: (_, row) => (weekTarget === undefined ? weekLabel(row.week) : <Link to={weekTarget(row.week)}>{weekLabel(row.week)}</Link>),
              },
              ...timelinessColumns<WeekKeeping>(t, i18n.language, (row) => row.timeliness),
              { key: "held", title: t("figures.completion"), align: "right", render: (_, row) => completionText(t, row.lessons, i18n.language) },
            ]}
          />
        </Flex>
      )}
    </Flex>
  );
}
