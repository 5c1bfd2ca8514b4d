import { Alert, Button, DatePicker, Empty, Flex, Table, Tag, Typography, type TableColumnsType } from "antd";
import dayjs from "dayjs";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";

import { Loading } from "../../../layout/Loading";
import { journalPath } from "../journal/paths";
import { journalName } from "../JournalSelect";
import { useTeacherDay, type DayLesson, type TaughtSubject, type TeacherDay } from "../queries";
import { addDays, lastDayBefore, russianDate, schoolTime } from "../schoolTime";
import { LessonEntries, MissingEntries } from "./LessonState";
import "../teacher.css";

/** The teacher's home (issue 10, screen 2): the day's lessons with what is still to be
 * entered and by when, earlier lessons left unfinished, and the journals kept. The day
 * shown is in the address (`?date=2026-12-07`), so a reload or a link keeps it. */
export function TodayPage() {
  const { t } = useTranslation("teacher");
  const [search, setSearch] = useSearchParams();
  const chosen = search.get("date") ?? undefined;
  const day = useTeacherDay(chosen);

  if (day.error !== null) {
    return <Alert type="error" showIcon title={t("today.title")} description={day.error.message} />;
  }
  if (day.data === undefined) {
    return <Loading label={t("today.title")} />;
  }
  const data = day.data;
  const showDay = (date: string | null) => {
    setSearch(date === null || date === data.today ? {} : { date });
  };
  return (
    <Flex vertical gap="large">
      <Typography.Title level={1} style={{ marginBottom: 0 }}>
        {data.day === data.today ? t("today.title") : t("today.titleOn", { date: russianDate(data.day) })}
      </Typography.Title>
      <DayChoice data={data} onChoose={showDay} />
      <section aria-labelledby="teacher-day-lessons">
        <Typography.Title level={2} id="teacher-day-lessons" style={{ fontSize: 20 }}>
          {t("today.lessons")}
        </Typography.Title>
        <LessonTable data={data} lessons={data.lessons} withDate={false} empty={t("today.noLessons")} />
      </section>
      {data.unfinished.length > 0 && (
        <section aria-labelledby="teacher-day-unfinished">
          <Typography.Title level={2} id="teacher-day-unfinished" style={{ fontSize: 20 }}>
            {t("today.unfinished")}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t("today.unfinishedHint")}</Typography.Paragraph>
          <LessonTable data={data} lessons={data.unfinished} withDate empty="" />
        </section>
      )}
      <section aria-labelledby="teacher-day-journals">
        <Typography.Title level={2} id="teacher-day-journals" style={{ fontSize: 20 }}>
          {t("today.journals")}
        </Typography.Title>
        <JournalLinks journals={data.journals} />
      </section>
    </Flex>
  );
}

function DayChoice({ data, onChoose }: { data: TeacherDay; onChoose: (date: string | null) => void }) {
  const { t } = useTranslation("teacher");
  return (
    <Flex gap="small" wrap align="center">
      <Button onClick={() => { onChoose(addDays(data.day, -1)); }}>← {t("today.previous")}</Button>
      <label htmlFor="teacher-day-date" className="okrug-visually-hidden">
        {t("today.day")}
      </label>
      <DatePicker
        id="teacher-day-date"
        value={dayjs(data.day)}
        format="DD.MM.YYYY"
        allowClear={false}
        onChange={(value) => { onChoose(value === null ? null : value.format("YYYY-MM-DD")); }}
      />
      <Button onClick={() => { onChoose(addDays(data.day, 1)); }}>{t("today.next")} →</Button>
      {data.day !== data.today && <Button onClick={() => { onChoose(null); }}>{t("today.backToToday")}</Button>}
    </Flex>
  );
}

function LessonTable({ data, lessons, withDate, empty }: { data: TeacherDay; lessons: DayLesson[]; withDate: boolean; empty: string }) {
  const { t } = useTranslation("teacher");
  const zone = data.time_zone;
  const columns: TableColumnsType<DayLesson> = [
    ...(withDate
      ? [{ key: "date", title: t("today.columns.date"), render: (_: unknown, lesson: DayLesson) => russianDate(lesson.lesson_date) }]
      : []),
    {
      key: "lesson",
      title: t("today.columns.lesson"),
      render: (_, lesson) => (
        <Flex vertical>
          {lesson.period !== null && <Typography.Text strong>{t("today.period", { period: lesson.period })}</Typography.Text>}
          <span>
            {schoolTime(lesson.starts_at, zone)}
            {lesson.ends_at !== null && `–${schoolTime(lesson.ends_at, zone)}`}
          </span>
        </Flex>
      ),
    },
    {
      key: "class",
      title: t("today.columns.class"),
      render: (_, lesson) => (
        <Flex vertical gap={2} align="start">
          <span>
            <Typography.Text strong>{lesson.class_name}</Typography.Text> · {lesson.subject_name}
          </span>
          {lesson.group_name !== null && <span>{lesson.group_name}</span>}
          {lesson.room_name !== null && <Typography.Text type="secondary">{t("today.room", { room: lesson.room_name })}</Typography.Text>}
          {lesson.substituting && <Tag>{t("today.substitution")}</Tag>}
        </Flex>
      ),
    },
    { key: "entered", title: t("today.columns.entered"), render: (_, lesson) => <LessonEntries lesson={lesson} /> },
    { key: "todo", title: t("today.columns.todo"), render: (_, lesson) => <MissingEntries lesson={lesson} zone={zone} today={data.today} /> },
    {
      key: "journal",
      title: t("today.columns.journal"),
      render: (_, lesson) => (
        <Flex vertical gap={4} align="start">
          <Link
            to={journalPath({ classId: lesson.class_id, subjectId: lesson.subject_id, ...groupOf(lesson), lessonId: lesson.lesson_id })}
            aria-label={t("today.openLesson", {
              className: lesson.class_name,
              subject: lesson.subject_name,
              time: `${russianDate(lesson.lesson_date)} ${schoolTime(lesson.starts_at, zone)}`,
            })}
          >
            {t("today.open")}
          </Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t("today.editWindow", { date: lastDayBefore(lesson.edit_window_closes_at, zone) })}
          </Typography.Text>
        </Flex>
      ),
    },
  ];
  return (
    <Table<DayLesson>
      rowKey="lesson_id"
      columns={columns}
      dataSource={lessons}
      pagination={false}
      size="middle"
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} /> }}
      rowClassName={(lesson) => (lesson.missing.some((entry) => entry.late) ? "okrug-teacher-late" : "")}
    />
  );
}

function groupOf(place: { group_id: string | null }): { groupId?: string } {
  return place.group_id === null ? {} : { groupId: place.group_id };
}

function JournalLinks({ journals }: { journals: TaughtSubject[] }) {
  const { t } = useTranslation("teacher");
  if (journals.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("journal.none")} />;
  }
  return (
    <ul className="okrug-teacher-journals" data-testid="teacher-journals">
      {journals.map((journal) => (
        <li key={`${journal.class_id}/${journal.subject_id}/${journal.group_id ?? ""}`}>
          <Link to={journalPath({ classId: journal.class_id, subjectId: journal.subject_id, ...groupOf(journal) })}>
            {journalName(t, journal)}
          </Link>
        </li>
      ))}
    </ul>
  );
}
