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
import { completionText, timelinessColumns, TrendText } from "./figures";
import { formatShare } from "./format";
import type { SchoolKeeping, SliceRow } from "./model";
import { useSchoolKeeping } from "./queries";
import { TimelinessChart } from "./TimelinessChart";

/** The school's teachers, classes or subjects with their timeliness; each opens its weeks. */
function SliceTable({ school, slice }: { school: SchoolKeeping; slice: Slice }) {
  const { t, i18n } = useTranslation("oversight");
  const place = useOversightPlace();
  const filters = useFilters();
  const target = (row: SliceRow) => `${oversightPaths(place, school.school_id).slice(slice, row.id)}${searchOfFilters(filters)}`;
  return (
    <Table<SliceRow>
      rowKey="id"
      size="middle"
      bordered
      pagination={false}
      dataSource={[...school[slice]]}
      scroll={{ x: "max-content" }}
      caption={<span className="okrug-visually-hidden">{t("school.caption", { slice: t(`slices.${slice}`) })}</span>}
      locale={{ emptyText: <EmptyText>{t("ranking.empty")}</EmptyText> }}
      columns={[
        { key: "name", title: t(`sliceNames.${slice}`), render: (_, row) => <Link to={target(row)}>{row.name}</Link> },
        ...timelinessColumns<SliceRow>(t, i18n.language, target),
      ]}
    />
  );
}

function SchoolKeepingView({ school }: { school: SchoolKeeping }) {
  const { t, i18n } = useTranslation("oversight");
  return (
    <Flex vertical gap="large">
      <Card size="small">
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2, xl: 3 }}
          items={[
            { key: "on", label: t("figures.onTime"), children: timelinessText(school, "on_time", i18n.language) },
            { key: "late", label: t("figures.late"), children: timelinessText(school, "late", i18n.language) },
            { key: "missing", label: t("figures.missing"), children: timelinessText(school, "missing", i18n.language) },
            { key: "trend", label: t("figures.trend"), children: <TrendText weeks={school.weeks} /> },
            { key: "fill", label: t("figures.fillRate"), children: formatShare(school.fill_rate, i18n.language) },
            { key: "completion", label: t("figures.completion"), children: completionText(t, school.completion) },
          ]}
        />
      </Card>
      <Tabs
        items={SLICES.map((slice) => ({ key: slice, label: t(`slices.${slice}`), children: <SliceTable school={school} slice={slice} /> }))}
      />
      <TimelinessChart weeks={school.weeks} />
    </Flex>
  );
}

function timelinessText(school: SchoolKeeping, key: "on_time" | "late" | "missing", language: string): string {
  const due = school.on_time + school.late + school.missing;
  return `${formatShare(due === 0 ? null : school[key] / due, language)} (${String(school[key])})`;
}

/** One school's oversight: its keeping by teacher, class and subject, and every other part
 * of oversight as tabs (the district's view of it, or the school leadership's own). */
export function SchoolPage() {
  const { t } = useTranslation("oversight");
  const place = useOversightPlace();
  const schoolId = useOversightSchool();
  const filters = useFilters();
  const school = useSchoolKeeping(schoolId, filters);
  const name = school.data?.school_name ?? "";
  return (
    <Flex vertical gap="middle">
      {place.viewer === "district" && <Crumbs items={[{ label: name }]} />}
      <Typography.Title level={1} style={{ margin: 0 }}>
        {place.viewer === "district" ? t("school.title", { name }) : t("title")}
      </Typography.Title>
      <FiltersBar />
      <OversightProblem error={school.error} />
      <OversightTabs
        query={{ viewer: place.viewer, schoolId, ...filters }}
        keeping={school.data === undefined ? null : <SchoolKeepingView school={school.data} />}
      />
    </Flex>
  );
}
