import { Card, Descriptions, Flex, Table, Tag, Typography } from "antd";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";

import { Crumbs } from "../Crumbs";
import { oversightPaths, useOversightPlace, useOversightSchool } from "../place";
import { OversightProblem } from "../Problem";
import { delayOf, russianDate, schoolMoment } from "./format";
import type { LessonEntry } from "./model";
import { useLessonKeeping } from "./queries";

const TIMELINESS_TAGS = { on_time: "success", late: "warning", missing: "error" } as const;

/** A word of the oversight namespace for a value the API names; the value itself if none. */
function wordFor(t: TFunction<"oversight">, exists: (key: string) => boolean, group: string, value: string): string {
  const key = `${group}.${value}`;
  return exists(key) ? (t as (key: string) => string)(key) : value;
}

function delayText(t: TFunction<"oversight">, entry: LessonEntry): string {
  if (entry.entered_at === null) return "";
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
  const { t, i18n } = useTranslation("oversight");
  const place = useOversightPlace();
  const schoolId = useOversightSchool();
  const { lessonId = "" } = useParams();
  const lesson = useLessonKeeping(schoolId, lessonId);
  const paths = oversightPaths(place, schoolId);
  const exists = (key: string) => i18n.exists(key, { ns: "oversight" });
  const data = lesson.data;
  const zone = data?.time_zone ?? "Europe/Moscow";
  return (
    <Flex vertical gap="middle">
      <Crumbs
        items={[
          { label: data?.school_name ?? t("school.thisSchool"), to: paths.school },
          { label: data === undefined ? "" : `${data.class_name}, ${data.subject_name}, ${russianDate(data.date)}` },
        ]}
      />
      <Typography.Title level={1} style={{ margin: 0 }}>
        {t("lesson.title", { date: data === undefined ? "" : russianDate(data.date) })}
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
                { key: "teacher", label: t("week.teacher"), children: data.teacher_name },
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
          <Table<LessonEntry>
            rowKey="kind"
            size="middle"
            bordered
            pagination={false}
            dataSource={[...data.entries]}
            scroll={{ x: "max-content" }}
            caption={<span className="okrug-visually-hidden">{t("lesson.caption")}</span>}
            columns={[
              { key: "kind", title: t("lesson.kind"), render: (_, row) => wordFor(t, exists, "kinds", row.kind) },
              {
                key: "status",
                title: t("lesson.status"),
                render: (_, row) => <Tag color={TIMELINESS_TAGS[row.timeliness]}>{wordFor(t, exists, "timeliness", row.timeliness)}</Tag>,
              },
              { key: "due", title: t("lesson.dueAt"), render: (_, row) => schoolMoment(row.due_at, zone) },
              {
                key: "entered",
                title: t("lesson.enteredAt"),
                render: (_, row) => (row.entered_at === null ? t("lesson.notEntered") : schoolMoment(row.entered_at, zone)),
              },
              { key: "delay", title: t("lesson.delay"), render: (_, row) => delayText(t, row) },
              { key: "by", title: t("lesson.enteredBy"), render: (_, row) => row.entered_by_name ?? "" },
              { key: "source", title: t("lesson.source"), render: (_, row) => (row.source === null ? "" : wordFor(t, exists, "sources", row.source)) },
            ]}
          />
        </>
      )}
    </Flex>
  );
}
