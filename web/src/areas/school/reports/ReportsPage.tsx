import { Flex, Tabs, Typography } from "antd";
import dayjs from "dayjs";
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";

import { isoDay } from "../schedule/format";
import { MarkChangesReport, ReadAuditReport, type Dates } from "./AuditReports";
import { AttendanceReport, CompletionReport, ResultsReport } from "./ClassReports";

const REPORTS = ["attendance", "results", "completion", "mark-changes", "read-audit"] as const;
type Report = (typeof REPORTS)[number];

function isReport(value: string | null): value is Report {
  return REPORTS.includes(value as Report);
}

/** The school's reports (J6, J8, J11, X2): one tab each, the class and period kept across tabs. */
export function ReportsPage() {
  const { t } = useTranslation("schoolReports");
  const [search, setSearch] = useSearchParams();
  const asked = search.get("report");
  const report: Report = isReport(asked) ? asked : "attendance";
  const [classId, setClassId] = useState<string | undefined>(search.get("class") ?? undefined);
  const [month, setMonth] = useState(search.get("month") ?? dayjs().format("YYYY-MM"));
  const [period, setPeriod] = useState<string | undefined>(undefined);
  const [dates, setDates] = useState<Dates>({ from: isoDay(dayjs().subtract(30, "day")), to: isoDay(dayjs()) });
  const [changeKind, setChangeKind] = useState<"mark" | "attendance-reason" | "period-mark" | undefined>(undefined);
  const [changeClass, setChangeClass] = useState<string | undefined>(undefined);
  const [readKind, setReadKind] = useState<Parameters<typeof ReadAuditReport>[0]["kind"]>(undefined);
  const classChoice = { classId, setClassId };

  const content: Record<Report, ReactNode> = {
    attendance: <AttendanceReport {...classChoice} month={month} setMonth={setMonth} />,
    results: <ResultsReport {...classChoice} period={period} setPeriod={setPeriod} />,
    completion: <CompletionReport {...classChoice} period={period} setPeriod={setPeriod} />,
    "mark-changes": <MarkChangesReport dates={dates} setDates={setDates} classId={changeClass} setClassId={setChangeClass} kind={changeKind} setKind={setChangeKind} />,
    "read-audit": <ReadAuditReport dates={dates} setDates={setDates} kind={readKind} setKind={setReadKind} />,
  };

  return (
    <Flex vertical gap="middle">
      <Typography.Title level={1}>{t("title")}</Typography.Title>
      <Tabs
        activeKey={report}
        onChange={(key) => {
          setSearch({ report: key });
        }}
        destroyOnHidden
        items={REPORTS.map((key) => ({ key, label: t(`tabs.${key}`), children: content[key] }))}
      />
    </Flex>
  );
}
