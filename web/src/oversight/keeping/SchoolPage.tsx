import { Card, Descriptions, Flex, Table, Tabs, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { EmptyText } from "../../areas/school/EmptyText";
import { Crumbs } from "../Crumbs";
import { searchOfFilters } from "../filters";
import { FiltersBar, useFilters } from "../FiltersBar";
import { OversightTabs } from "../OversightTabs";
import { oversightPaths, SLICES, useOversightPlace, useOversightSchool, type Slice } from "../place";
import { OversightProblem } from "../Problem";
import { completionText, countText, timelinessColumns } from "./figures";
import type { KeepingRow, KindTimeliness, SchoolKeeping } from "./model";
import { FillTable } from "./FillTable";
import { IndexSection } from "./IndexSection";
import { useBreakdown, useDistrictIndex, useDistrictKeeping, useSchoolIndexWeeks, useWeeks } from "./queries";
import { useSchoolCards } from "../schools";
import { TimelinessChart } from "./TimelinessChart";
import { useWordFor } from "./words";

/** The school's teachers, classes or subjects with their timeliness and lessons held; each
 * opens its weeks. */
function SliceTable({ schoolId, slice }: { schoolId: string; slice: Slice }) {
  const { t, i18n } = useTranslation("oversight");
  const place = useOversightPlace();
  const filters = useFilters();
  const rows = useBreakdown(schoolId, slice, filters);
  const target = (row: KeepingRow) => `${oversightPaths(place, schoolId).slice(slice, row.id)}${searchOfFilters(filters)}`;
  return (
    <Flex vertical gap="small">
      <OversightProblem error={rows.error} />
      <Table<KeepingRow>
        rowKey="id"
        size="middle"
        bordered
        loading={rows.isPending}
        pagination={false}
        dataSource={rows.data?.rows ?? []}
        scroll={{ x: "max-content" }}
        caption={<span className="okrug-visually-hidden">{t("school.caption", { slice: t(`slices.${slice}`) })}</span>}
        locale={{ emptyText: <EmptyText>{t("ranking.empty")}</EmptyText> }}
        columns={[
          { key: "name", title: t(`sliceNames.${slice}`), render: (_, row) => <Link to={target(row)}>{row.name}</Link> },
          ...timelinessColumns<KeepingRow>(t, i18n.language, (row) => row.timeliness, target),
          { key: "held", title: t("figures.completion"), align: "right", render: (_, row) => completionText(t, row.lessons, i18n.language) },
          { key: "replaced", title: t("figures.replaced"), align: "right", render: (_, row) => row.lessons.replaced },
          { key: "missed", title: t("figures.missed"), align: "right", render: (_, row) => row.lessons.missed },
        ]}
      />
    </Flex>
  );
}

/** The school's totals, then the same per kind of entry. */
function SchoolSummary({ school }: { school: SchoolKeeping }) {
  const { t, i18n } = useTranslation("oversight");
  const wordFor = useWordFor();
  return (
    <Card size="small">
      <Flex vertical gap="middle">
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2, xl: 3 }}
          items={[
            { key: "on", label: t("figures.onTime"), children: countText(school.timeliness, "on_time", i18n.language) },
            { key: "late", label: t("figures.late"), children: countText(school.timeliness, "late", i18n.language) },
            { key: "missing", label: t("figures.missing"), children: countText(school.timeliness, "missing", i18n.language) },
            { key: "held", label: t("figures.completion"), children: completionText(t, school.lessons, i18n.language) },
            { key: "replaced", label: t("figures.replaced"), children: school.lessons.replaced },
            { key: "missed", label: t("figures.missed"), children: school.lessons.missed },
          ]}
        />
        <Table<KindTimeliness>
          rowKey="kind"
          size="small"
          bordered
          pagination={false}
          dataSource={school.by_kind}
          caption={<span className="okrug-visually-hidden">{t("school.byKindCaption")}</span>}
          columns={[
            { key: "kind", title: t("lesson.kind"), render: (_, row) => wordFor("kinds", row.kind) },
            { key: "due", title: t("figures.due"), align: "right", dataIndex: "due" },
            ...timelinessColumns<KindTimeliness>(t, i18n.language, (row) => row),
          ]}
        />
      </Flex>
    </Card>
  );
}

/** The school's figures: its compliance index and its weeks, totals, per teacher / class /
 * subject, week by week, the fill rate of marks per class and subject. */
function SchoolKeepingView({ schoolId }: { schoolId: string }) {
  const { t } = useTranslation("oversight");
  const filters = useFilters();
  const district = useDistrictKeeping(filters);
  const weeks = useWeeks(schoolId, filters);
  const index = useDistrictIndex(filters);
  const indexWeeks = useSchoolIndexWeeks(schoolId, filters);
  const school = district.data?.schools.find((row) => row.school_id === schoolId);
  const indexed = index.data?.schools.find((row) => row.school_id === schoolId);
  return (
    <Flex vertical gap="large">
      <OversightProblem error={district.error ?? weeks.error ?? index.error ?? indexWeeks.error} />
      {indexed !== undefined && <IndexSection index={indexed.index ?? null} parts={indexed.parts} weeks={indexWeeks.data} />}
      {school !== undefined && <SchoolSummary school={school} />}
      <Tabs items={SLICES.map((slice) => ({ key: slice, label: t(`slices.${slice}`), children: <SliceTable schoolId={schoolId} slice={slice} /> }))} />
      {weeks.data !== undefined && <TimelinessChart weeks={weeks.data} />}
      <FillTable schoolId={schoolId} />
    </Flex>
  );
}

/** One school's oversight: journal keeping and every other part of oversight as tabs (the
 * district's view of the school, or its leadership's own). */
export function SchoolPage() {
  const { t } = useTranslation("oversight");
  const place = useOversightPlace();
  const schoolId = useOversightSchool();
  const filters = useFilters();
  const cards = useSchoolCards();
  // The subject filter's choices: the school's subjects whatever subject is chosen.
  const subjects = useBreakdown(schoolId, "subjects", {
    ...(filters.period === undefined ? {} : { period: filters.period }),
    ...(filters.grade === undefined ? {} : { grade: filters.grade }),
  });
  const name = cards.data?.get(schoolId)?.name ?? "";
  return (
    <Flex vertical gap="middle">
      {place.viewer === "district" && <Crumbs items={[{ label: name }]} />}
      <Typography.Title level={1} style={{ margin: 0 }}>
        {place.viewer === "district" ? t("school.title", { name }) : t("title")}
      </Typography.Title>
      <FiltersBar subjects={(subjects.data?.rows ?? []).map((row) => ({ id: row.id, name: row.name }))} />
      <OversightTabs query={{ viewer: place.viewer, schoolId, ...filters }} keeping={<SchoolKeepingView schoolId={schoolId} />} />
    </Flex>
  );
}
