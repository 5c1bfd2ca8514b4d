import { Flex, Table, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { EmptyText } from "../../areas/school/EmptyText";
import { searchOfFilters } from "../filters";
import { FiltersBar, useFilters } from "../FiltersBar";
import { OversightTabs } from "../OversightTabs";
import { oversightPaths, useOversightPlace } from "../place";
import { OversightProblem } from "../Problem";
import { completionText, timelinessColumns, TrendText } from "./figures";
import { formatShare, mondayOf, shareChange } from "./format";
import type { SchoolKeeping } from "./model";
import { useDistrictKeeping, useSchoolCards } from "./queries";

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

/** The district's schools ranked by the share of entries on time (until the compliance
 * index), with the week's trend and the lessons held beside; every figure opens the school. */
function RankedSchools() {
  const { t, i18n } = useTranslation("oversight");
  const place = useOversightPlace();
  const filters = useFilters();
  const ranking = useDistrictKeeping(filters);
  const cards = useSchoolCards();
  const trend = useWeekTrend(filters);
  const schoolPath = (row: SchoolKeeping) => `${oversightPaths(place, row.school_id).school}${searchOfFilters(filters)}`;
  const nameOf = (row: SchoolKeeping) => cards.data?.get(row.school_id)?.name ?? row.school_id;
  const threshold = ranking.data?.on_time_threshold;
  return (
    <Flex vertical gap="small">
      <OversightProblem error={ranking.error ?? cards.error} />
      <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>
        {t("ranking.title")}
      </Typography.Title>
      {threshold !== undefined && <Typography.Text>{t("ranking.threshold", { share: formatShare(threshold, i18n.language) })}</Typography.Text>}
      <Table<SchoolKeeping>
        rowKey="school_id"
        size="middle"
        bordered
        loading={ranking.isPending}
        pagination={false}
        dataSource={ranking.data?.schools ?? []}
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
                <Link to={schoolPath(row)}>{nameOf(row)}</Link>
                {row.below_threshold && <Tag color="error">{t("ranking.belowThreshold")}</Tag>}
              </Flex>
            ),
          },
          ...timelinessColumns<SchoolKeeping>(t, i18n.language, (row) => row.timeliness, schoolPath),
          { key: "trend", title: t("figures.trend"), render: (_, row) => <TrendText points={trend.get(row.school_id) ?? null} /> },
          {
            key: "held",
            title: t("figures.completion"),
            align: "right",
            render: (_, row) => <Link to={schoolPath(row)}>{completionText(t, row.lessons, i18n.language)}</Link>,
          },
          { key: "replaced", title: t("figures.replaced"), align: "right", render: (_, row) => row.lessons.replaced },
          { key: "missed", title: t("figures.missed"), align: "right", render: (_, row) => row.lessons.missed },
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
