import { Flex, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";

import type { DayLesson } from "../queries";
import { dueWording } from "../schoolTime";

/** What the lesson's record already holds: topic, attendance, homework, how many marks. */
export function LessonEntries({ lesson }: { lesson: DayLesson }) {
  const { t } = useTranslation("teacher");
  if (lesson.held === false) {
    return <Tag>{t("today.notHeld")}</Tag>;
  }
  const done = [
    lesson.topic !== null && lesson.topic !== "" ? t("today.entries.topic") : null,
    lesson.attendance_taken ? t("today.entries.attendance") : null,
    lesson.has_homework ? t("today.entries.homework") : null,
  ].filter((entry) => entry !== null);
  return (
    <Flex vertical gap={4} align="start">
      {lesson.topic !== null && lesson.topic !== "" && <Typography.Text italic>{lesson.topic}</Typography.Text>}
      <Flex gap={4} wrap>
        {done.map((entry) => (
          <Tag key={entry} color="success">
            ✓ {entry}
          </Tag>
        ))}
      </Flex>
      {lesson.marks > 0 && <span>{t("today.marks", { count: lesson.marks })}</span>}
    </Flex>
  );
}

/** What is still to be entered, each with its deadline; an overdue one in red. */
export function MissingEntries({ lesson, zone, today }: { lesson: DayLesson; zone: string; today: string }) {
  const { t } = useTranslation("teacher");
  if (lesson.missing.length === 0) {
    return <Typography.Text type="success">{t("today.allDone")}</Typography.Text>;
  }
  return (
    <ul className="okrug-plain-list" style={{ gap: 4 }}>
      {lesson.missing.map((missing) => {
        const wording = dueWording(missing.due_at, zone, today);
        const due = t(`today.${wording.key}`, { date: wording.date, time: wording.time });
        return (
          <li key={missing.entry}>
            <Typography.Text {...(missing.late ? { type: "danger", strong: true } : {})}>
              {t(`today.entries.${missing.entry}`)}: {missing.late ? t("today.late", { due }) : due}
            </Typography.Text>
          </li>
        );
      })}
    </ul>
  );
}
