import { Flex, Table, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { EmptyText } from "../../areas/school/EmptyText";
import { searchOfFilters } from "../filters";
import { FiltersBar, useFilters } from "../FiltersBar";
import { OversightTabs } from "../OversightTabs";
import { oversightPaths, useOversightPlace } from "../place";
import { OversightProblem } from "../Problem";
import { completionText, countText, IndexTrendText, loadText, TrendText, usageText } from "./figures";
import { formatShare, mondayOf, shareChange } from "./format";
import { rankedRows, type RankedRow } from "./ranking";
import { useDistrictFill, useDistrictIndex, useDistrictIndexWeeks, useDistrictKeeping, useDistrictUsage } from "./queries";
import { useSchoolCards } from "../schools";

/** Each school's on-time share this week against the week before, in points. */
function useWeekTrend(filters: ReturnType<typeof useFilters>): Map<string, number | null> {
  const today = new Date();
  const thisWeek = mondayOf(today);
  const lastWeek = mondayOf(today, 1);
  const before = useDistrictKeeping(filters, { from: lastWeek, to: lastWeek });
  const now = useDistrictKeeping(filters, { from: thisWeek, to: thisWeek });
  const shareBefore = new Map((before.data?.schools ?? []).map((school) => [school.school_id, school.timeliness.on_time_share]));
  return new Map(
    (now.data?.schools ?? []).map((school) => [school.school_id, shareChange(shareBefore.get(school.school_id), school.timeliness.on_time_share)]),
  );
}

/** The district's schools ranked by the compliance index with its trend, and timeliness, the
 * week's trend, the fill rate of marks, the lessons held, homework load and usage side by
 * side; every figure opens the school (homework load and usage: their tabs). */
function RankedSchools() {
  const { t, i18n } = useTranslation("oversight");
  const place = useOversightPlace();
  const filters = useFilters();
  const keeping = useDistrictKeeping(filters);
  const fill = useDistrictFill(filters);
  const index = useDistrictIndex(filters);
  const cards = useSchoolCards();
  const trend = useWeekTrend(filters);
  const trends = useDistrictIndexWeeks(filters);
  const usage = useDistrictUsage(filters);
  const schoolPath = (row: RankedRow, tab?: string) => {
    const search = new URLSearchParams(searchOfFilters(filters));
    if (tab !== undefined) search.set("tab", tab);
    const query = search.toString();
    return `${oversightPaths(place, row.school_id).school}${query === "" ? "" : `?${query}`}`;
  };
  const linked = (row: RankedRow, text: string, tab?: string) => <Link to={schoolPath(row, tab)}>{text}</Link>;
  const counts = (row: RankedRow, key: "on_time" | "late" | "missing") =>
    row.keeping === undefined ? "—" : linked(row, countText(row.keeping.timeliness, key, i18n.language));
  const language = i18n.language;
  const weight = new Intl.NumberFormat(language, { maximumFractionDigits: 2 });
  const threshold = keeping.data?.on_time_threshold;
  const fillThreshold = fill.data?.fill_threshold;
  return (
    <Flex vertical gap="small">
      <OversightProblem error={keeping.error ?? fill.error ?? index.error ?? cards.error} />
      <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>
        {t("ranking.title")}
      </Typography.Title>
      {index.data !== undefined && (
        <Typography.Text>
          {t("ranking.index", {
            timeliness: weight.format(index.data.weights.timeliness),
            fill: weight.format(index.data.weights.fill),
            completion: weight.format(index.data.weights.completion),
            homeworkLoad: weight.format(index.data.weights.homework_load),
          })}
        </Typography.Text>
      )}
      {threshold !== undefined && fillThreshold !== undefined && (
        <Typography.Text>{t("ranking.threshold", { share: formatShare(threshold, language), fill: formatShare(fillThreshold, language) })}</Typography.Text>
      )}
      <Table<RankedRow>
        rowKey="school_id"
        size="middle"
        bordered
        loading={keeping.isPending || index.isPending}
        pagination={false}
        dataSource={rankedRows(index.data, keeping.data, fill.data, { trends: trends.data, usage: usage.data })}
        scroll={{ x: "max-content" }}
        caption={<span className="okrug-visually-hidden">{t("ranking.caption")}</span>}
        locale={{ emptyText: <EmptyText>{t("ranking.empty")}</EmptyText> }}
        columns={[
          { key: "rank", title: t("figures.rank"), width: 64, align: "right", dataIndex: "rank" },
          {
            key: "school",
            title: t("figures.school"),
            render: (_, row) => (
              <Flex gap="small" wrap align="center">
                {linked(row, cards.data?.get(row.school_id)?.name ?? row.school_id)}
                {row.keeping?.below_threshold === true && <Tag color="error">{t("ranking.belowThreshold")}</Tag>}
              </Flex>
            ),
          },
          {
            key: "index",
            title: t("figures.index"),
            align: "right",
            render: (_, row) => (
              <Flex gap="small" align="baseline" wrap={false}>
                {linked(row, row.index === null ? "—" : new Intl.NumberFormat(language, { maximumFractionDigits: 1 }).format(row.index))}
                <IndexTrendText points={row.indexTrend} />
              </Flex>
            ),
          },
          { key: "on_time", title: t("figures.onTime"), align: "right", render: (_, row) => counts(row, "on_time") },
          { key: "late", title: t("figures.late"), align: "right", render: (_, row) => counts(row, "late") },
          { key: "missing", title: t("figures.missing"), align: "right", render: (_, row) => counts(row, "missing") },
          { key: "trend", title: t("figures.trend"), render: (_, row) => <TrendText points={trend.get(row.school_id) ?? null} /> },
          {
            key: "fill",
            title: t("figures.fill"),
            align: "right",
            render: (_, row) => (row.fill === undefined ? "—" : linked(row, t("figures.fillValue", { share: formatShare(row.fill.fill_share, language), below: row.fill.below_minimum }))),
          },
          {
            key: "held",
            title: t("figures.completion"),
            align: "right",
            render: (_, row) => (row.keeping === undefined ? "—" : linked(row, completionText(t, row.keeping.lessons, language))),
          },
          { key: "replaced", title: t("figures.replaced"), align: "right", render: (_, row) => row.keeping?.lessons.replaced ?? "—" },
          { key: "missed", title: t("figures.missed"), align: "right", render: (_, row) => row.keeping?.lessons.missed ?? "—" },
          {
            key: "absence",
            title: t("figures.absence"),
            align: "right",
            render: (_, row) => {
              const taken = row.keeping?.attendance;
              if (taken === null || taken === undefined) return "—";
              return linked(row, t("figures.absenceValue", { share: formatShare(taken.absence_rate, language), absent: taken.absent, marked: taken.students }));
            },
          },
          {
            key: "homework_load",
            title: t("figures.homeworkLoad"),
            align: "right",
            render: (_, row) => (row.homeworkLoad === undefined || row.homeworkLoad.counted === 0 ? "—" : linked(row, loadText(t, row.homeworkLoad, language), "homework-load")),
          },
          {
            key: "usage",
            title: t("figures.usage"),
            render: (_, row) => (row.usage === undefined ? "—" : linked(row, usageText(t, row.usage), "usage")),
          },
        ]}
      />
    </Flex>
  );
}

/** The district's dashboard: filters, then journal keeping and every other part of
 * oversight as tabs. */
export function DistrictPage() {
  const { t } = useTranslation("oversight");
  const filters = useFilters();
  return (
    <Flex vertical gap="middle">
      <Typography.Title level={1} style={{ margin: 0 }}>
        {t("title")}
      </Typography.Title>
      <FiltersBar />
      <OversightTabs query={{ viewer: "district", ...filters }} keeping={<RankedSchools />} />
    </Flex>
  );
}
