import { Alert, Table, Typography, type TableColumnsType } from "antd";
import { useTranslation } from "react-i18next";

import { FirstOption, ForecastFigure } from "./ForecastFigure";
import { formatNumber, type FailingList, type NamedForecast } from "./forecast";

/** Students forecast failing, named: class, student, subject, weighted average, forecast and
 * what lifts it (a teacher's classes, or the whole school for its leadership). */
export function FailingTable({ list }: { list: FailingList }) {
  const { t, i18n } = useTranslation("forecast");
  if (list.students.length === 0) {
    return <Alert type="success" showIcon title={t("noneFailing")} />;
  }
  const columns: TableColumnsType<NamedForecast> = [
    { key: "class", title: t("class"), render: (_v, row) => row.class_name },
    { key: "student", title: t("student"), render: (_v, row) => `${row.last_name} ${row.first_name}`.trim() },
    { key: "subject", title: t("subject"), render: (_v, row) => row.subject_name },
    { key: "count", title: t("marksCount"), align: "center", render: (_v, row) => row.marks_count },
    { key: "weighted", title: t("weighted"), align: "center", render: (_v, row) => formatNumber(row.weighted_average, i18n.language) },
    {
      key: "forecast",
      title: t("forecast"),
      render: (_v, row) => (
        <Typography.Text>
          <ForecastFigure forecast={row} subject={`${row.last_name} ${row.first_name}, ${row.subject_name}`} /> <FirstOption forecast={row} />
        </Typography.Text>
      ),
    },
  ];
  return (
    <Table<NamedForecast>
      rowKey={(row) => `${row.student_id}-${row.subject_id}`}
      columns={columns}
      dataSource={list.students}
      pagination={false}
      size="small"
      bordered
      scroll={{ x: "max-content" }}
      data-testid="forecast-failing"
    />
  );
}
