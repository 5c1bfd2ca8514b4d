import { Card, Descriptions, Flex, Table, Tag, Typography } from "antd";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";

import { Crumbs } from "../Crumbs";
import { oversightPaths, useOversightPlace, useOversightSchool } from "../place";
import { OversightProblem } from "../Problem";
import { delayOf, russianDate, schoolMoment } from "./format";
import type { EntryMoment } from "./model";
import { useLessonDetail } from "./queries";
import { useSchoolCards } from "../schools";
import { useTeacherNames } from "./WeekPage";
import { useWordFor } from "./words";

/** Text dark enough on its tint for WCAG AA (Ant Design's own success and warning tags are not). */
const TIMELINESS_TONES = {
  "on-time": { color: "#237804", background: "#f6ffed", borderColor: "#b7eb8f" },
  late: { color: "#ad4e00", background: "#fff7e6", borderColor: "#ffd591" },
  missing: { color: "#a8071a", background: "#fff1f0", borderColor: "#ffa39e" },
} as const;

/** How long after its due moment an entry was made: "1 дн. 2 ч 30 мин"; empty in time. */
export function delayText(t: TFunction<"oversight">, entry: EntryMoment): string {
  if (entry.due_at === null || entry.entered_at === null) return "";
  const delay = delayOf(entry.due_at, entry.entered_at);
  if (delay === null) return "";
  return [
    delay.days > 0 ? t("lesson.delayDays", { count: delay.days }) : "",
    delay.hours > 0 ? t("lesson.delayHours", { count: delay.hours }) : "",
    delay.minutes > 0 ? t("lesson.delayMinutes", { count: delay.minutes }) : "",
  ]
    .filter(Boolean)
    .join(" ");
}

/** The single lesson (O1's last step): its topic, homework, attendance taken or not, and
 * each entry's moment against its due moment, who made it and how, in the school's time. */
export function LessonPage() {
  const { t } = useTranslation("oversight");
  const wordFor = useWordFor();
  const place = useOversightPlace();
  const schoolId = useOversightSchool();
  const { lessonId = "" } = useParams();
  const lesson = useLessonDetail(schoolId, lessonId);
  const cards = useSchoolCards();
  const teachers = useTeacherNames(schoolId);
  const paths = oversightPaths(place, schoolId);
  const data = lesson.data;
  const zone = cards.data?.get(schoolId)?.time_zone ?? "Europe/Moscow";
  const who = (entry: EntryMoment) =>
    entry.entered_by === null ? "" : (teachers.get(entry.entered_by) ?? t("lesson.otherStaff"));
  return (
    <Flex vertical gap="middle">
      <Crumbs
        items={[
          { label: cards.data?.get(schoolId)?.name ?? t("school.thisSchool"), to: paths.school },
          { label: data === undefined ? "" : `${data.class_name}, ${data.subject_name}, ${russianDate(data.lesson_date)}` },
        ]}
      />
      <Typography.Title level={1} style={{ margin: 0 }}>
        {t("lesson.title", { date: data === undefined ? "" : russianDate(data.lesson_date) })}
      </Typography.Title>
      <OversightProblem error={lesson.error} />
      {data !== undefined && (
        <>
          <Card size="small">
            <Descriptions
              size="small"
              column={{ xs: 1, md: 2 }}
              items={[
                { key: "class", label: t("week.class"), children: data.class_name },
                { key: "subject", label: t("week.subject"), children: data.subject_name },
                { key: "teacher", label: t("week.teacher"), children: teachers.get(data.teacher_id) ?? "" },
                { key: "state", label: t("lesson.state"), children: t(data.cancelled ? "lesson.cancelled" : data.held ? "lesson.held" : "lesson.notHeld") + (data.replaced ? `, ${t("lesson.replaced")}` : "") },
                { key: "topic", label: t("lesson.topic"), children: data.topic ?? t("lesson.none") },
                { key: "homework", label: t("lesson.homework"), children: data.homework ?? t("lesson.none") },
                {
                  key: "attendance",
                  label: t("lesson.attendance"),
                  children: data.attendance_taken ? t("lesson.attendanceTaken") : t("lesson.attendanceNotTaken"),
                },
              ]}
            />
          </Card>
          <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>
            {t("lesson.entries")}
          </Typography.Title>
          <Typography.Text>{t("lesson.zone", { zone })}</Typography.Text>
          <Table<EntryMoment>
            rowKey="fact_id"
            size="middle"
            bordered
            pagination={false}
            dataSource={data.entries}
            scroll={{ x: "max-content" }}
            caption={<span className="okrug-visually-hidden">{t("lesson.caption")}</span>}
            columns={[
              { key: "kind", title: t("lesson.kind"), render: (_, row) => wordFor("kinds", row.kind) },
              {
                key: "status",
                title: t("lesson.status"),
                render: (_, row) => <Tag style={TIMELINESS_TONES[row.timeliness]}>{wordFor("timeliness", row.timeliness)}</Tag>,
              },
              { key: "due", title: t("lesson.dueAt"), render: (_, row) => (row.due_at === null ? "" : schoolMoment(row.due_at, zone)) },
              {
                key: "entered",
                title: t("lesson.enteredAt"),
                render: (_, row) => (row.entered_at === null ? t("lesson.notEntered") : schoolMoment(row.entered_at, zone)),
              },
              { key: "delay", title: t("lesson.delay"), render: (_, row) => delayText(t, row) },
              { key: "by", title: t("lesson.enteredBy"), render: (_, row) => who(row) },
              { key: "source", title: t("lesson.source"), render: (_, row) => (row.source === "" ? "" : wordFor("sources", row.source)) },
            ]}
          />
        </>
      )}
    </Flex>
  );
}
