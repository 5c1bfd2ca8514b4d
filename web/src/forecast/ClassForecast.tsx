import { Alert, Table, Typography, type TableColumnsType } from "antd";
import { useTranslation } from "react-i18next";

import { ForecastFigure } from "./ForecastFigure";
import type { Forecast } from "./forecast";
import { PeriodName } from "../i18n/periods";
import { useClassForecast } from "./queries";

interface StudentForecasts {
  student_id: string;
  name: string;
  bySubject: Map<string, Forecast>;
}

/** A class's forecasts for the current study period, a student per row and a subject per
 * column, each with what lifts it (the class teacher's summary; J12). `students` gives the
 * class's students in the summary's order with their names. */
export function ClassForecast({ classId, students }: { classId: string; students: readonly { student_id: string; student_name: string }[] }) {
  const { t } = useTranslation("forecast");
  const sheet = useClassForecast(classId, null);
  if (sheet.error !== null) {
    return <Alert type="error" showIcon title={t("loadFailed", { message: sheet.error.message })} />;
  }
  if (sheet.data === undefined) {
    return null;
  }
  const subjects = [...new Map(sheet.data.forecasts.map((f) => [f.subject_id, f.subject_name])).entries()].sort((a, b) => a[1].localeCompare(b[1], "ru"));
  const rows: StudentForecasts[] = students.map((s) => ({
    student_id: s.student_id,
    name: s.student_name,
    bySubject: new Map(sheet.data.forecasts.filter((f) => f.student_id === s.student_id).map((f) => [f.subject_id, f])),
  }));
  const columns: TableColumnsType<StudentForecasts> = [
    { key: "name", title: t("student"), fixed: "start", render: (_v, row) => row.name },
    ...subjects.map(([subjectId, subjectName]) => ({
      key: subjectId,
      title: subjectName,
      align: "center" as const,
      render: (_v: unknown, row: StudentForecasts) => {
        const forecast = row.bySubject.get(subjectId);
        return forecast === undefined ? "—" : <ForecastFigure forecast={forecast} subject={`${row.name}, ${subjectName}`} />;
      },
    })),
  ];
  return (
    <section aria-labelledby="okrug-class-forecast" data-testid="class-forecast">
      <Typography.Title level={2} id="okrug-class-forecast" style={{ fontSize: 18 }}>
        {t("classForecast")}: <PeriodName code={sheet.data.period.code} />
      </Typography.Title>
      {subjects.length === 0 ? (
        <Typography.Text type="secondary">{t("noMarks")}</Typography.Text>
      ) : (
        <Table<StudentForecasts> rowKey="student_id" columns={columns} dataSource={rows} pagination={false} size="small" bordered scroll={{ x: "max-content" }} />
      )}
      <Typography.Paragraph type="secondary">{t("rounding")}</Typography.Paragraph>
    </section>
  );
}
