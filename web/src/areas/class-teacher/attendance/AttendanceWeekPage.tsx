import { LeftOutlined, RightOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Alert, Button, DatePicker, Flex, Space, Table, Typography, type TableColumnsType } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";

import { useApi } from "../../../api/ApiContext";
import { unwrap } from "../../../api/client";
import { Loading } from "../../../layout/Loading";
import { ClassScreen, type SchoolClass } from "../classes";
import "../classTeacher.css";
import { formatDate, formatDayMonth, isoDay, mondayOf } from "../format";
import { Code } from "./Code";
import { ReasonDialog, type CorrectedCell } from "./ReasonDialog";
import {
  cellKey,
  codeOf,
  entriesByCell,
  lessonsByDay,
  subjectAbbreviation,
  unknownReasons,
  type AttendanceCode,
  type AttendanceWeek,
  type WeekLesson,
} from "./week";

type Student = AttendanceWeek["students"][number];

const WEEKDAYS_RU = ["вс", "пн", "вт", "ср", "чт", "пт", "сб"];

export function AttendanceWeekPage() {
  const { t } = useTranslation("classTeacher");
  return <ClassScreen title={t("attendance.title")}>{(schoolClass) => <WeekOfClass schoolClass={schoolClass} />}</ClassScreen>;
}

/** The week in the address (?date=2026-12-07, any day of it), so that it can be linked and reloaded. */
function useWeek(): [Dayjs, (day: Dayjs) => void] {
  const [search, setSearch] = useSearchParams();
  const given = search.get("date");
  const day = given !== null && dayjs(given).isValid() ? dayjs(given) : dayjs();
  return [
    mondayOf(day),
    (next) => {
      setSearch({ date: isoDay(mondayOf(next)) });
    },
  ];
}

function useAttendanceWeek(classId: string, monday: Dayjs) {
  const api = useApi();
  return useQuery({
    queryKey: ["journal", "attendance-week", classId, isoDay(monday)],
    queryFn: async () =>
      unwrap(
        await api.journal.GET("/journal/classes/{class_id}/attendance/week", {
          params: { path: { class_id: classId }, query: { date: isoDay(monday) } },
        }),
      ),
  });
}

function WeekOfClass({ schoolClass }: { schoolClass: SchoolClass }) {
  const { t, i18n } = useTranslation("classTeacher");
  const { t: common } = useTranslation();
  const [monday, setWeek] = useWeek();
  const week = useAttendanceWeek(schoolClass.id, monday);
  const [correcting, setCorrecting] = useState<CorrectedCell | null>(null);
  const saturday = monday.add(5, "day");
  return (
    <Flex vertical gap="middle">
      <Flex gap="small" align="center" wrap>
        <Button icon={<LeftOutlined />} aria-label={t("attendance.previous")} onClick={() => { setWeek(monday.subtract(7, "day")); }} />
        <Typography.Title level={2} style={{ margin: 0, fontSize: 18 }}>
          {t("attendance.week", { from: formatDate(isoDay(monday)), to: formatDate(isoDay(saturday)) })}
        </Typography.Title>
        <Button icon={<RightOutlined />} aria-label={t("attendance.next")} onClick={() => { setWeek(monday.add(7, "day")); }} />
        <Button onClick={() => { setWeek(dayjs()); }}>{t("attendance.current")}</Button>
        <DatePicker
          picker="week"
          aria-label={t("attendance.pickWeek")}
          placeholder={t("attendance.pickWeek")}
          value={monday}
          format={(value: Dayjs) => formatDate(isoDay(mondayOf(value)))}
          onChange={(value: Dayjs | null) => {
            if (value !== null) setWeek(value);
          }}
          allowClear={false}
        />
      </Flex>
      {week.isPending && <Loading label={common("app.loading")} />}
      {week.isError && <Alert type="error" showIcon title={t("failed")} />}
      {week.data !== undefined && (
        <>
          <UnknownReasons count={unknownReasons(week.data.entries)} />
          <WeekTable week={week.data} onCorrect={setCorrecting} language={i18n.language} />
          <Legend />
        </>
      )}
      {correcting !== null && <ReasonDialog cell={correcting} onClose={() => { setCorrecting(null); }} />}
    </Flex>
  );
}

function UnknownReasons({ count }: { count: number }) {
  const { t } = useTranslation("classTeacher");
  return count === 0 ? (
    <Alert type="success" showIcon title={t("attendance.allKnown")} />
  ) : (
    <Alert type="warning" showIcon title={t("attendance.unknown", { count })} />
  );
}

function weekdayOf(date: string, language: string): string {
  const day = dayjs(date);
  return language === "en" ? day.locale("en").format("dd") : (WEEKDAYS_RU[day.day()] ?? "");
}

function WeekTable({ week, onCorrect, language }: { week: AttendanceWeek; onCorrect: (cell: CorrectedCell) => void; language: string }) {
  const { t } = useTranslation("classTeacher");
  if (week.lessons.length === 0) {
    return <Alert type="info" showIcon title={t("attendance.noLessons")} />;
  }
  const entries = entriesByCell(week.entries);
  const today = isoDay(dayjs());
  const lessonColumn = (lesson: WeekLesson, number: number) => ({
    key: lesson.lesson_id,
    title: (
      <abbr title={`${lesson.subject_name}, ${dayjs(lesson.starts_at).format("HH:mm")}`} className={lesson.held ? undefined : "ct-not-held"}>
        {`${number}. ${subjectAbbreviation(lesson.subject_name)}`}
      </abbr>
    ),
    ...(lesson.lesson_date === today ? { className: "ct-today" } : {}),
    render: (_: unknown, student: Student) => {
      if (!student.lesson_ids.includes(lesson.lesson_id)) {
        return (
          <span className="ct-not-theirs" title={t("attendance.notTheirs")}>
            <span className="okrug-visually-hidden">{t("attendance.notTheirs")}</span>
          </span>
        );
      }
      const entry = entries.get(cellKey(lesson.lesson_id, student.student_id));
      if (entry === undefined) {
        return null;
      }
      const code = codeOf(entry);
      const mark = `${t(`codes.${code}`)} (${entry.status === "late" ? t("attendance.lateWord") : t("attendance.absentWord")}, ${t(`reasons.${entry.reason ?? "none"}`)})`;
      return (
        <button
          type="button"
          className="ct-cell"
          aria-label={t("attendance.cellLabel", { student: student.student_name, subject: lesson.subject_name, date: formatDate(lesson.lesson_date), mark })}
          onClick={() => { onCorrect({ lesson, student, entry }); }}
        >
          <Code code={code} />
        </button>
      );
    },
  });
  const columns: TableColumnsType<Student> = [
    { key: "number", title: t("attendance.number"), width: 44, fixed: "start", render: (_value, _student, index) => index + 1 },
    {
      key: "name",
      title: t("attendance.student"),
      fixed: "start",
      className: "ct-name",
      render: (_value, student) => <span title={student.student_name}>{student.short_name}</span>,
    },
    ...lessonsByDay(week.lessons).map((day) => ({
      key: day.date,
      title: `${weekdayOf(day.date, language)} ${formatDayMonth(day.date)}`,
      ...(day.date === today ? { className: "ct-today" } : {}),
      children: day.lessons.map((lesson, index) => lessonColumn(lesson, index + 1)),
    })),
  ];
  return (
    <Table<Student>
      className="ct-week-table"
      rowKey="student_id"
      columns={columns}
      dataSource={week.students}
      pagination={false}
      bordered
      size="small"
      scroll={{ x: "max-content" }}
    />
  );
}

function Legend() {
  const { t } = useTranslation("classTeacher");
  const codes: { code: AttendanceCode; text: string }[] = [
    { code: "absent", text: `${t("attendance.absentWord")}, ${t("reasons.none")}` },
    { code: "illness", text: `${t("attendance.absentWord")} ${t("reasons.illness")}` },
    { code: "excused", text: `${t("attendance.absentWord")} ${t("reasons.excused")}` },
    { code: "unexcused", text: `${t("attendance.absentWord")} ${t("reasons.unexcused")}` },
    { code: "late", text: t("attendance.lateWord") },
  ];
  return (
    <section aria-label={t("attendance.legend")}>
      <Space wrap size="middle">
        {codes.map(({ code, text }) => (
          <span key={code}>
            <Code code={code} /> {text}
          </span>
        ))}
        <span>
          <span className="ct-code ct-not-theirs" aria-hidden="true">
            {"\u00a0"}
          </span>{" "}
          {t("attendance.notTheirs")}
        </span>
        <span>
          <span className="ct-not-held">{`1. ${subjectAbbreviation(t("attendance.subjectSample"))}`}</span> {t("attendance.notHeld")}
        </span>
      </Space>
    </section>
  );
}
