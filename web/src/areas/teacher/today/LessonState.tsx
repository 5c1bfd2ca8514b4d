import { CheckOutlined } from "@ant-design/icons";
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
  const hasTopic = lesson.topic !== null && lesson.topic !== "";
  const done = [
    hasTopic ? t("today.done.topic") : null,
    lesson.attendance_taken ? t("today.done.attendance") : null,
    lesson.has_homework ? t("today.done.homework") : null,
  ].filter((entry) => entry !== null);
  return (
    <Flex vertical gap={2} align="start">
      {hasTopic && <Typography.Text italic>{lesson.topic}</Typography.Text>}
      {done.length > 0 && (
        <span className="okrug-teacher-done">
          <CheckOutlined aria-hidden /> {done.join(", ")}
        </span>
      )}
      {lesson.marks > 0 && <span>{t("today.marks", { count: lesson.marks })}</span>}
      <MadeNotes lesson={lesson} />
    </Flex>
  );
}

/** Entries made late, not typed as they were made, or by someone else: what and how (J4). */
function MadeNotes({ lesson }: { lesson: DayLesson }) {
  const { t } = useTranslation("teacher");
  const notes = lesson.made
    .map((made) => {
      const how = [
        made.timeliness === "late" ? t("today.made.late") : null,
        made.source === "typed" ? null : t(`today.made.${made.source}`),
        made.entered_by_name ? t("today.made.by", { name: made.entered_by_name }) : null,
      ].filter((note) => note !== null);
      return { entry: made.entry, how, late: made.timeliness === "late" };
    })
    .filter((note) => note.how.length > 0);
  if (notes.length === 0) {
    return null;
  }
  return (
    <ul className="okrug-plain-list" style={{ gap: 2 }}>
      {notes.map((note) => (
        <li key={note.entry} className={note.late ? "okrug-teacher-overdue" : undefined}>
          {t(`today.entries.${note.entry}`)}: {note.how.join(", ")}
        </li>
      ))}
    </ul>
  );
}

/** What is still to be entered, each with its deadline; an overdue one in red. */
export function MissingEntries({ lesson, zone, today }: { lesson: DayLesson; zone: string; today: string }) {
  const { t } = useTranslation("teacher");
  if (lesson.missing.length === 0) {
    return <span className="okrug-teacher-done">{t("today.allDone")}</span>;
  }
  return (
    <ul className="okrug-plain-list" style={{ gap: 2 }}>
      {lesson.missing.map((missing) => {
        const wording = dueWording(missing.due_at, zone, today);
        const due = t(`today.${wording.key}`, { date: wording.date, time: wording.time });
        return (
          <li key={missing.entry} className={missing.late ? "okrug-teacher-overdue" : undefined}>
            {t(`today.entries.${missing.entry}`)}: {missing.late ? t("today.late", { due }) : due}
          </li>
        );
      })}
    </ul>
  );
}
