import { Flex, Table, Typography } from "antd";
import type { ComponentType } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";

import { EmptyText } from "../../areas/school/EmptyText";
import { Crumbs } from "../Crumbs";
import { searchOfFilters } from "../filters";
import { useFilters } from "../FiltersBar";
import { oversightPaths, useOversightPlace, useOversightSchool, type Slice } from "../place";
import { OversightProblem } from "../Problem";
import { timelinessColumns } from "./figures";
import { russianDate, weekLabel } from "./format";
import type { WeekLesson } from "./model";
import { useWeekKeeping } from "./queries";

/** A week of a teacher, class or subject: its lessons with their entries' timeliness; each
 * lesson opens its entries. */
function WeekPage({ slice }: { slice: Slice }) {
  const { t, i18n } = useTranslation("oversight");
  const place = useOversightPlace();
  const schoolId = useOversightSchool();
  const { entityId = "", week = "" } = useParams();
  const filters = useFilters();
  const figures = useWeekKeeping(schoolId, slice, entityId, week, filters);
  const paths = oversightPaths(place, schoolId);
  const kept = searchOfFilters(filters);
  const lessonPath = (row: WeekLesson) => `${paths.lesson(row.lesson_id)}${kept}`;
  const name = figures.data?.name ?? "";
  return (
    <Flex vertical gap="middle">
      <Crumbs
        items={[
          { label: figures.data?.school_name ?? t("school.thisSchool"), to: paths.school },
          { label: name, to: paths.slice(slice, entityId) },
          { label: weekLabel(week) },
        ]}
      />
      <Typography.Title level={1} style={{ margin: 0 }}>
        {t("week.title", { name, week: weekLabel(week) })}
      </Typography.Title>
      <OversightProblem error={figures.error} />
      <Table<WeekLesson>
        rowKey="lesson_id"
        size="middle"
        bordered
        loading={figures.isPending}
        pagination={false}
        dataSource={[...(figures.data?.lessons ?? [])]}
        scroll={{ x: "max-content" }}
        caption={<span className="okrug-visually-hidden">{t("week.caption")}</span>}
        locale={{ emptyText: <EmptyText>{t("week.empty")}</EmptyText> }}
        columns={[
          { key: "date", title: t("week.date"), render: (_, row) => <Link to={lessonPath(row)}>{russianDate(row.date)}</Link> },
          { key: "number", title: t("week.lesson"), align: "right", render: (_, row) => row.number ?? "" },
          { key: "class", title: t("week.class"), dataIndex: "class_name" },
          { key: "subject", title: t("week.subject"), dataIndex: "subject_name" },
          { key: "teacher", title: t("week.teacher"), dataIndex: "teacher_name" },
          ...timelinessColumns<WeekLesson>(t, i18n.language, lessonPath),
        ]}
      />
    </Flex>
  );
}

/** One page per slice, made once (the routes name the slice). */
export const WEEK_PAGES: Record<Slice, ComponentType> = {
  teachers: () => <WeekPage slice="teachers" />,
  classes: () => <WeekPage slice="classes" />,
  subjects: () => <WeekPage slice="subjects" />,
};
