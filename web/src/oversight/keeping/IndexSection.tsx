import { Flex, Table, Typography } from "antd";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";

import { Chart, type ChartOption } from "../../charts/Chart";
import { formatShare, weekLabel } from "./format";
import type { IndexPart, IndexWeek, SchoolIndexWeeks } from "./model";

const PARTS = ["timeliness", "fill", "completion", "homework_load"] as const;

/** Each week's index (weeks without one left out), for the chart. */
export function indexSeries(weeks: readonly IndexWeek[]): { week: string; index: number }[] {
  return weeks.flatMap((week) => (week.index === null ? [] : [{ week: week.week, index: week.index }]));
}

function shareOf(week: IndexWeek, name: IndexPart["name"]): number | null {
  return week.parts.find((part) => part.name === name)?.share ?? null;
}

/** The school's index now and its parts: share, of how many, weight. */
function IndexParts({ index, parts }: { index: number | null; parts: readonly IndexPart[] }) {
  const { t, i18n } = useTranslation("oversight");
  const number = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 });
  return (
    <Flex vertical gap="small">
      <Typography.Text strong>{t("index.value", { index: index === null ? "—" : number.format(index) })}</Typography.Text>
      <Table<IndexPart>
        rowKey="name"
        size="small"
        bordered
        pagination={false}
        dataSource={[...parts]}
        caption={<span className="okrug-visually-hidden">{t("index.caption")}</span>}
        columns={[
          { key: "part", title: t("index.part"), render: (_, part) => t(`parts.${part.name}`) },
          { key: "share", title: t("index.share"), align: "right", render: (_, part) => formatShare(part.share, i18n.language) },
          { key: "counts", title: t("index.counts"), align: "right", render: (_, part) => (part.counted === 0 ? "—" : t("index.countsValue", { met: part.met, counted: part.counted })) },
          { key: "weight", title: t("index.weight"), align: "right", render: (_, part) => number.format(part.weight) },
        ]}
      />
    </Flex>
  );
}

/**
 * A school's compliance index (issue 11 point 8): its parts now, and week by week as a line
 * with the figures in a table beside it (each week's index and its parts' shares).
 */
export function IndexSection({ index, parts, weeks }: { index: number | null; parts: readonly IndexPart[]; weeks: SchoolIndexWeeks | undefined }) {
  const { t, i18n } = useTranslation("oversight");
  const series = useMemo(() => indexSeries(weeks?.weeks ?? []), [weeks]);
  const option = useMemo(
    (): ChartOption => ({
      animation: false,
      color: ["#0958d9"],
      tooltip: { trigger: "axis" },
      grid: { left: 48, right: 16, top: 16, bottom: 32 },
      xAxis: { type: "category", data: series.map((row) => weekLabel(row.week)) },
      yAxis: { type: "value", min: 0, max: 100 },
      series: [{ name: t("index.title"), type: "line", symbolSize: 8, data: series.map((row) => row.index) }],
    }),
    [series, t],
  );
  const number = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 });
  return (
    <Flex vertical gap="middle">
      <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>
        {t("index.title")}
      </Typography.Title>
      <IndexParts index={index} parts={parts} />
      <Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>
        {t("index.weeksTitle")}
      </Typography.Title>
      {series.length === 0 ? (
        <Typography.Text>{t("index.weeksEmpty")}</Typography.Text>
      ) : (
        <Flex vertical gap="middle">
          <Chart option={option} label={t("index.weeksLabel")} height={220} />
          <Table<IndexWeek>
            rowKey="week"
            size="small"
            bordered
            pagination={false}
            dataSource={(weeks?.weeks ?? []).filter((week) => week.index !== null)}
            caption={<span className="okrug-visually-hidden">{t("index.weeksCaption")}</span>}
            columns={[
              { key: "week", title: t("figures.week"), render: (_, week) => weekLabel(week.week) },
              { key: "index", title: t("figures.index"), align: "right", render: (_, week) => (week.index === null ? "—" : number.format(week.index)) },
              ...PARTS.map((name) => ({
                key: name,
                title: t(`partsShort.${name}`),
                align: "right" as const,
                render: (_: unknown, week: IndexWeek) => formatShare(shareOf(week, name), i18n.language),
              })),
            ]}
          />
        </Flex>
      )}
      <Typography.Text type="secondary">{t("index.fillRule")}</Typography.Text>
    </Flex>
  );
}
