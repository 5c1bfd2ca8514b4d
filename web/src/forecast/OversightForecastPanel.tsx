import { Alert, Flex, Table, Typography, type TableColumnsType } from "antd";
import { useTranslation } from "react-i18next";

import { Loading } from "../layout/Loading";
import type { OversightPanelProps, OversightQuery } from "../oversight/query";
import { useSchoolNames } from "../oversight/schools";
import { FailingTable } from "./FailingTable";
import type { SchoolForecastCount } from "./forecast";
import { PeriodName } from "../i18n/periods";
import { useForecastCounts, useSchoolFailing } from "./queries";

/** The share of failing forecasts, "12,5 %". */
function share(row: SchoolForecastCount, language: string): string {
  if (row.forecasts === 0) return "—";
  return new Intl.NumberFormat(language, { style: "percent", maximumFractionDigits: 1 }).format(row.failing / row.forecasts);
}

/** The district's view: per school how many forecasts are failing (counts, never a name). */
function DistrictCounts({ query }: { query: OversightQuery }) {
  const { t, i18n } = useTranslation("forecast");
  const counts = useForecastCounts(query.period, query.grade);
  const names = useSchoolNames();
  if (counts.error !== null) {
    return <Alert type="error" showIcon title={t("loadFailed", { message: counts.error.message })} />;
  }
  if (counts.data === undefined) {
    return <Loading label={t("title")} />;
  }
  const rows = counts.data.schools.filter((row) => query.schoolId === undefined || row.school_id === query.schoolId);
  const columns: TableColumnsType<SchoolForecastCount> = [
    { key: "school", title: t("school"), render: (_v, row) => names.data?.get(row.school_id) ?? row.school_id },
    { key: "period", title: t("period"), render: (_v, row) => <PeriodName code={row.period} /> },
    { key: "forecasts", title: t("forecasts"), align: "end", render: (_v, row) => row.forecasts },
    { key: "failing", title: t("failingCount"), align: "end", render: (_v, row) => row.failing },
    { key: "share", title: t("share"), align: "end", render: (_v, row) => share(row, i18n.language) },
  ];
  return (
    <Table<SchoolForecastCount>
      rowKey={(row) => `${row.school_id}-${row.period}`}
      columns={columns}
      dataSource={rows}
      pagination={false}
      size="small"
      bordered
      data-testid="forecast-counts"
    />
  );
}

/** The school leadership's view: their students heading for a 2, named. */
function SchoolList({ query }: { query: OversightQuery }) {
  const { t } = useTranslation("forecast");
  const failing = useSchoolFailing(query.period, query.grade);
  if (failing.error !== null) {
    return <Alert type="error" showIcon title={t("loadFailed", { message: failing.error.message })} />;
  }
  if (failing.data === undefined) {
    return <Loading label={t("title")} />;
  }
  return (
    <>
      <Typography.Text>
        {t("period")}: <PeriodName code={failing.data.period.code} />
      </Typography.Text>
      <FailingTable list={failing.data} />
    </>
  );
}

/** Students heading for a failing period mark (J12): named for the school's leadership,
 * counted per school for the district. */
export default function OversightForecastPanel({ query }: OversightPanelProps) {
  const { t } = useTranslation("forecast");
  return (
    <Flex vertical gap="middle" data-testid="forecast-panel">
      <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>
        {query.viewer === "district" ? t("failingDistrict") : t("failingSchool")}
      </Typography.Title>
      {query.viewer === "district" ? <DistrictCounts query={query} /> : <SchoolList query={query} />}
      <Typography.Paragraph type="secondary">{t("rounding")}</Typography.Paragraph>
    </Flex>
  );
}
