import { Flex, Table, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { EmptyText } from "../../areas/school/EmptyText";
import { FiltersBar, useFilters } from "../FiltersBar";
import { OversightTabs } from "../OversightTabs";
import { oversightPaths, useOversightPlace } from "../place";
import { OversightProblem } from "../Problem";
import { searchOfFilters } from "../filters";
import { completionText, timelinessColumns, TrendText } from "./figures";
import { formatShare } from "./format";
import type { RankedSchool, WeekCounts } from "./model";
import { useRankedSchools } from "./queries";
import { TimelinessChart } from "./TimelinessChart";

/** Every week's counts summed over the schools: the district's own week by week. */
export function districtWeeks(schools: readonly RankedSchool[]): WeekCounts[] {
  const weeks = new Map<string, { on_time: number; late: number; missing: number }>();
  for (const school of schools) {
    for (const week of school.weeks) {
      const sum = weeks.get(week.week) ?? { on_time: 0, late: 0, missing: 0 };
      weeks.set(week.week, { on_time: sum.on_time + week.on_time, late: sum.late + week.late, missing: sum.missing + week.missing });
    }
  }
  return [...weeks.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([week, counts]) => ({ week, ...counts }));
}

/** The district's schools ranked by timeliness (until the compliance index), with the
 * trend, fill rate and completion beside; each school opens its own figures. */
function RankedSchools() {
  const { t, i18n } = useTranslation("oversight");
  const place = useOversightPlace();
  const filters = useFilters();
  const ranking = useRankedSchools(filters);
  const schools = ranking.data?.schools ?? [];
  const schoolPath = (row: RankedSchool) => `${oversightPaths(place, row.school_id).school}${searchOfFilters(filters)}`;
  return (
    <Flex vertical gap="large">
      <OversightProblem error={ranking.error} />
      <Flex vertical gap="small">
        <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>
          {t("ranking.title")}
        </Typography.Title>
        <Table<RankedSchool>
          rowKey="school_id"
          size="middle"
          bordered
          loading={ranking.isPending}
          pagination={false}
          dataSource={schools}
          scroll={{ x: "max-content" }}
          caption={<span className="okrug-visually-hidden">{t("ranking.caption")}</span>}
          locale={{ emptyText: <EmptyText>{t("ranking.empty")}</EmptyText> }}
          columns={[
            { key: "rank", title: t("figures.rank"), width: 64, align: "right", render: (_, __, index) => index + 1 },
            { key: "school", title: t("figures.school"), render: (_, row) => <Link to={schoolPath(row)}>{row.school_name}</Link> },
            ...timelinessColumns<RankedSchool>(t, i18n.language, schoolPath),
            { key: "trend", title: t("figures.trend"), render: (_, row) => <TrendText weeks={row.weeks} /> },
            {
              key: "fill",
              title: <span title={t("figures.fillRateHint")}>{t("figures.fillRate")}</span>,
              align: "right",
              render: (_, row) => <Link to={schoolPath(row)}>{formatShare(row.fill_rate, i18n.language)}</Link>,
            },
            {
              key: "completion",
              title: t("figures.completion"),
              align: "right",
              render: (_, row) => <Link to={schoolPath(row)}>{completionText(t, row.completion)}</Link>,
            },
          ]}
        />
      </Flex>
      {ranking.data !== undefined && <TimelinessChart weeks={districtWeeks(schools)} />}
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
