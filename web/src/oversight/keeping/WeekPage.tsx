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
import type { LessonKeeping } from "./model";
import { useBreakdown, useWeekLessons } from "./queries";
import { useSchoolCards } from "../schools";

/** The school's teachers by id, for the lessons' and entries' names (the API names them by id). */
export function useTeacherNames(schoolId: string): Map<string, string> {
  const teachers = useBreakdown(schoolId, "teachers", {});
  return new Map((teachers.data?.rows ?? []).map((row) => [row.id, row.name]));
}

/** A week of a teacher, class or subject: its lessons with their entries' timeliness; each
 * lesson opens its entries. */
function WeekPage({ slice }: { slice: Slice }) {
  const { t, i18n } = useTranslation("oversight");
  const place = useOversightPlace();
  const schoolId = useOversightSchool();
  const { entityId = "", week = "" } = useParams();
  const filters = useFilters();
  const cards = useSchoolCards();
  const rows = useBreakdown(schoolId, slice, {});
  const lessons = useWeekLessons(schoolId, week, { slice, id: entityId });
  const teachers = useTeacherNames(schoolId);
  const paths = oversightPaths(place, schoolId);
  const lessonPath = (row: LessonKeeping) => `${paths.lesson(row.lesson_id)}${searchOfFilters(filters)}`;
  const name = rows.data?.rows.find((row) => row.id === entityId)?.name ?? "";
  return (
    <Flex vertical gap="middle">
      <Crumbs
        items={[
          { label: cards.data?.get(schoolId)?.name ?? t("school.thisSchool"), to: paths.school },
          { label: name, to: paths.slice(slice, entityId) },
          { label: weekLabel(week) },
        ]}
      />
      <Typography.Title level={1} style={{ margin: 0 }}>
        {t("week.title", { name, week: weekLabel(week) })}
      </Typography.Title>
      <OversightProblem error={lessons.error} />
      <Table<LessonKeeping>
        rowKey="lesson_id"
        size="middle"
        bordered
        loading={lessons.isPending}
        pagination={false}
        dataSource={lessons.data ?? []}
        scroll={{ x: "max-content" }}
        caption={<span className="okrug-visually-hidden">{t("week.caption")}</span>}
        locale={{ emptyText: <EmptyText>{t("week.empty")}</EmptyText> }}
        columns={[
          { key: "date", title: t("week.date"), render: (_, row) => <Link to={lessonPath(row)}>{russianDate(row.lesson_date)}</Link> },
          { key: "class", title: t("week.class"), dataIndex: "class_name" },
          { key: "subject", title: t("week.subject"), dataIndex: "subject_name" },
          { key: "teacher", title: t("week.teacher"), render: (_, row) => teachers.get(row.teacher_id) ?? "" },
          ...timelinessColumns<LessonKeeping>(t, i18n.language, (row) => row.timeliness, lessonPath),
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
