import { Alert, Button, Flex, Tag, Typography } from "antd";
import dayjs from "dayjs";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";

import { FamilyPage, type FamilyRole } from "./FamilyPage";
import { addDays, formatDay, formatTime, formatWeight, localToday, mondayOf } from "./format";
import { useDiaryWeek, type DiaryLesson, type DiaryWeek } from "./queries";
import "./family.css";

const WEEK_PARAM = "week";
type Homework = NonNullable<DiaryLesson["homework"]>;

function homeworkText(homework: Homework): string {
  return [homework.text, homework.pages, homework.exercises].filter((part) => part.trim() !== "").join("; ");
}

function HomeworkLine({ label, homework }: { label: string; homework: Homework | null }) {
  if (homework === null) return null;
  const text = homeworkText(homework);
  if (text === "" && homework.attachments.length === 0) return null;
  return (
    <div className="okrug-diary-line" data-testid="diary-homework">
      <span className="okrug-diary-key">{label}: </span>
      {text}
      {homework.attachments.map((attachment) => (
        <a key={attachment.url} href={attachment.url} target="_blank" rel="noreferrer" className="okrug-diary-attachment">
          {attachment.name}
        </a>
      ))}
    </div>
  );
}

function Marks({ lesson }: { lesson: DiaryLesson }) {
  const { t, i18n } = useTranslation("family");
  if (lesson.marks.length === 0) return null;
  return (
    <ul className="okrug-diary-marks" aria-label={t("diary.marks")}>
      {lesson.marks.map((mark) => (
        <li key={mark.id} className="okrug-diary-mark-item" data-testid="diary-mark">
          <span className={Number(mark.weight) > 1 ? "okrug-mark okrug-mark--heavy" : "okrug-mark"}>{mark.value}</span>
          <span className="okrug-diary-work-type">
            {mark.work_type_title}
            <span className="okrug-visually-hidden">
              {" "}
              ({t("diary.mark", { value: mark.value, workType: mark.work_type_title, weight: formatWeight(mark.weight, i18n.language) })})
            </span>
          </span>
        </li>
      ))}
    </ul>
  );
}

function Attendance({ lesson }: { lesson: DiaryLesson }) {
  const { t } = useTranslation("family");
  const attendance = lesson.attendance;
  if (attendance === null) return null;
  const absent = attendance.status === "absent";
  const reason = attendance.reason === null ? "" : ` ${t(`diary.reasons.${attendance.reason}`)}`;
  return (
    <div className="okrug-diary-line" data-testid="diary-attendance">
      <span className={absent ? "okrug-attendance okrug-attendance--absent" : "okrug-attendance okrug-attendance--late"}>
        {absent ? t("diary.absent") : t("diary.late")}
      </span>
      {(absent ? t("diary.absentLong") : t("diary.lateLong")) + reason}
    </div>
  );
}

function Lesson({ lesson }: { lesson: DiaryLesson }) {
  const { t } = useTranslation("family");
  const time = `${formatTime(lesson.starts_at)}${lesson.ends_at === null ? "" : `–${formatTime(lesson.ends_at)}`}`;
  return (
    <li className="okrug-diary-lesson" data-testid="diary-lesson" data-lesson-id={lesson.lesson_id}>
      <div className="okrug-diary-when">
        {lesson.period_number !== null && <span className="okrug-diary-number">{lesson.period_number}</span>}
        <span>{time}</span>
      </div>
      <div className="okrug-diary-what">
        <Typography.Text strong className="okrug-diary-subject">
          {lesson.subject_name}
          {lesson.group_name !== null && <span className="okrug-diary-group"> ({lesson.group_name})</span>}
        </Typography.Text>
        <div className="okrug-diary-meta" data-testid="diary-teacher">
          {lesson.teacher_name ?? "—"}
          {lesson.substituted && <Tag className="okrug-diary-tag">{t("diary.substitute")}</Tag>}
          {lesson.room_name !== null && <span> · {t("diary.room", { room: lesson.room_name })}</span>}
        </div>
        {lesson.held === false && <div className="okrug-diary-line">{t("diary.notHeld")}</div>}
        <div className="okrug-diary-line" data-testid="diary-topic">
          <span className="okrug-diary-key">{t("diary.topic")}: </span>
          {lesson.topic ?? <span className="okrug-diary-missing">{t("diary.noTopic")}</span>}
        </div>
        <HomeworkLine label={t("diary.homework")} homework={lesson.homework} />
        <HomeworkLine label={t("diary.individual")} homework={lesson.individual_homework} />
        <Marks lesson={lesson} />
        <Attendance lesson={lesson} />
      </div>
    </li>
  );
}

function Day({ date, lessons, today }: { date: string; lessons: DiaryLesson[]; today: string }) {
  const { t } = useTranslation("family");
  const headingId = `okrug-day-${date}`;
  const isToday = date === today;
  return (
    <section aria-labelledby={headingId} className={isToday ? "okrug-diary-day okrug-diary-day--today" : "okrug-diary-day"} data-testid="diary-day" data-date={date}>
      <Typography.Title level={2} id={headingId} className="okrug-diary-day-title">
        {dayjs(date).format("dddd, DD.MM")}
        {isToday && <Tag color="blue" className="okrug-diary-tag">{t("diary.today")}</Tag>}
      </Typography.Title>
      {lessons.length === 0 ? (
        <Typography.Text type="secondary">{t("diary.noLessons")}</Typography.Text>
      ) : (
        <ol className="okrug-diary-lessons">
          {lessons.map((lesson) => (
            <Lesson key={lesson.lesson_id} lesson={lesson} />
          ))}
        </ol>
      )}
    </section>
  );
}

/** Monday to Saturday; Sunday only when it has lessons. */
function shownDays(week: DiaryWeek): DiaryWeek["days"] {
  return week.days.filter((day, index) => index < 6 || day.lessons.length > 0);
}

function Week({ studentId }: { studentId: string }) {
  const { t } = useTranslation("family");
  const [params, setParams] = useSearchParams();
  const asked = params.get(WEEK_PARAM);
  const week = useDiaryWeek(studentId, asked);
  const today = localToday();
  const go = (day: string | null) => {
    const next = new URLSearchParams(params);
    if (day === null) next.delete(WEEK_PARAM);
    else next.set(WEEK_PARAM, day);
    setParams(next);
  };
  const monday = week.data?.week_start ?? mondayOf(asked ?? today);
  const previous = () => {
    go(addDays(monday, -7));
  };
  const next = () => {
    go(addDays(monday, 7));
  };
  const thisWeek = () => {
    go(null);
  };
  return (
    <Flex vertical gap="middle" data-testid="diary-week">
      <nav aria-label={t("diary.weeks")} className="okrug-diary-nav">
        <Button onClick={previous} aria-label={t("diary.previous")}>
          ←
        </Button>
        <Typography.Text data-testid="diary-week-range" aria-live="polite" className="okrug-diary-range">
          {t("diary.week", { from: formatDay(monday, false), to: formatDay(addDays(monday, 6)) })}
        </Typography.Text>
        <Button onClick={next} aria-label={t("diary.next")}>
          →
        </Button>
      </nav>
      {asked !== null && (
        <div>
          <Button type="link" className="okrug-diary-this-week" onClick={thisWeek}>
            {t("diary.thisWeek")}
          </Button>
        </div>
      )}
      {week.error !== null && <Alert type="error" showIcon title={t("failed", { message: week.error.message })} />}
      {week.isPending && <Typography.Text type="secondary">…</Typography.Text>}
      {week.data !== undefined &&
        shownDays(week.data).map((day) => <Day key={day.date} date={day.date} lessons={day.lessons} today={today} />)}
    </Flex>
  );
}

/** The diary week (J9): each day's lessons with time, subject, teacher, topic, homework,
 * marks with their work types, absences and lates. */
export function DiaryScreen({ role }: { role: FamilyRole }) {
  const { t } = useTranslation("family");
  return <FamilyPage role={role} title={t("diary.title")} render={(studentId) => <Week studentId={studentId} />} />;
}
