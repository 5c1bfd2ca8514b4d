import { useQuery } from "@tanstack/react-query";
import { Alert, DatePicker, Descriptions, Flex, Form, Select, Table, Typography } from "antd";
import dayjs from "dayjs";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { useApi } from "../../../api/ApiContext";
import { unwrap } from "../../../api/client";
import type { components } from "../../../api/generated/journal";
import { ProblemAlert } from "../../../forms/ProblemAlert";
import { problemText } from "../../../forms/problems";
import { ApiError } from "../../../api/problem";
import { ClassSelect } from "../schedule/ClassSelect";
import { formatDate } from "../schedule/format";
import { usePolicy, useSchoolKey } from "../schedule/queries";
import { DownloadButton } from "./DownloadButton";
import { averageTone, formatDecimal } from "./format";

type AttendanceRow = components["schemas"]["ClassAttendance"]["students"][number];
type ResultRow = components["schemas"]["ResultRow"];

/** Dark enough on white for the contrast people with weak sight need (WCAG AA). */
const TONE_COLOURS = { danger: "#a8071a", warning: "#ad4e00", success: "#237804" } as const;

/** Text in the tone given (red, orange, green); plain without one. */
function Toned({ tone, children }: { tone: keyof typeof TONE_COLOURS | undefined; children: ReactNode }) {
  return <span style={tone === undefined ? undefined : { color: TONE_COLOURS[tone], fontWeight: 600 }}>{children}</span>;
}

/** A failed report, in the interface language. */
export function ReportProblem({ error }: { error: unknown }) {
  const { t, i18n } = useTranslation("schoolReports");
  if (error === null || error === undefined) return null;
  const summary = error instanceof ApiError ? problemText(i18n, error.problem) : t("failed");
  return <ProblemAlert shown={{ summary, unplaced: [] }} />;
}

export interface ClassChoice {
  classId: string | undefined;
  setClassId: (classId: string) => void;
}

/** Attendance of a class in a month: lessons missed by reason and lates per student. */
export function AttendanceReport({ classId, setClassId, month, setMonth }: ClassChoice & { month: string; setMonth: (month: string) => void }) {
  const { t } = useTranslation("schoolReports");
  const api = useApi();
  const school = useSchoolKey();
  const report = useQuery({
    queryKey: ["journal", school, "attendance", classId, month],
    enabled: classId !== undefined,
    queryFn: async () =>
      unwrap(await api.journal.GET("/journal/classes/{class_id}/reports/attendance", { params: { path: { class_id: classId ?? "" }, query: { month } } })),
  });
  const number = (value: number) => (value === 0 ? "" : String(value));
  return (
    <Flex vertical gap="middle">
      <Flex gap="middle" wrap align="end">
        <ClassSelect id="attendance-class" value={classId} onChange={setClassId} />
        <Form.Item label={t("attendance.month")} htmlFor="attendance-month" style={{ marginBottom: 0 }}>
          <DatePicker
            id="attendance-month"
            picker="month"
            format="MM.YYYY"
            allowClear={false}
            value={dayjs(`${month}-01`)}
            onChange={(value: dayjs.Dayjs | null) => {
              if (value !== null) setMonth(value.format("YYYY-MM"));
            }}
          />
        </Form.Item>
        {classId !== undefined && (
          <>
            <DownloadButton
              label={t("downloadXlsx")}
              fallbackName={`attendance-${month}.xlsx`}
              fetchFile={async () =>
                api.journal.GET("/journal/classes/{class_id}/reports/attendance.xlsx", {
                  params: { path: { class_id: classId }, query: { month } },
                  parseAs: "blob",
                })
              }
            />
            <DownloadButton
              label={t("downloadPdf")}
              fallbackName={`attendance-${month}.pdf`}
              fetchFile={async () =>
                api.journal.GET("/journal/classes/{class_id}/reports/attendance.pdf", {
                  params: { path: { class_id: classId }, query: { month } },
                  parseAs: "blob",
                })
              }
            />
          </>
        )}
      </Flex>
      {classId === undefined && <Alert type="info" showIcon title={t("chooseClass")} />}
      <ReportProblem error={report.error} />
      {report.data !== undefined && (
        <>
          <Typography.Paragraph>
            {t("attendance.heading", {
              className: report.data.class_name,
              from: formatDate(report.data.date_from),
              to: formatDate(report.data.date_to),
              held: report.data.lessons_held,
            })}
          </Typography.Paragraph>
          <Table<AttendanceRow>
            rowKey="student_id"
            size="small"
            bordered
            pagination={false}
            dataSource={report.data.students}
            caption={<span className="okrug-visually-hidden">{t("attendance.caption")}</span>}
            columns={[
              { key: "n", title: "№", width: 48, render: (_, __, index) => index + 1 },
              { key: "name", title: t("student"), dataIndex: "student_name" },
              { key: "total", title: t("attendance.total"), render: (_, row) => <strong>{number(row.absences.total)}</strong> },
              { key: "illness", title: t("attendance.illness"), render: (_, row) => number(row.absences.illness) },
              { key: "excused", title: t("attendance.excused"), render: (_, row) => number(row.absences.excused) },
              { key: "unexcused", title: t("attendance.unexcused"), render: (_, row) => number(row.absences.unexcused) },
              { key: "none", title: t("attendance.noReason"), render: (_, row) => number(row.absences.no_reason) },
              { key: "lates", title: t("attendance.lates"), render: (_, row) => number(row.lates) },
            ]}
            summary={() => {
              const totals = report.data.totals;
              return (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0} colSpan={2}>
                    <strong>{t("attendance.classTotal")}</strong>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={2}>
                    <strong>{totals.absences.total}</strong>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={3}>{totals.absences.illness}</Table.Summary.Cell>
                  <Table.Summary.Cell index={4}>{totals.absences.excused}</Table.Summary.Cell>
                  <Table.Summary.Cell index={5}>{totals.absences.unexcused}</Table.Summary.Cell>
                  <Table.Summary.Cell index={6}>{totals.absences.no_reason}</Table.Summary.Cell>
                  <Table.Summary.Cell index={7}>{totals.lates}</Table.Summary.Cell>
                </Table.Summary.Row>
              );
            }}
          />
        </>
      )}
    </Flex>
  );
}

function PeriodSelect({ value, onChange, id, allowClear = false }: { value: string | undefined; onChange: (period: string | undefined) => void; id: string; allowClear?: boolean }) {
  const { t } = useTranslation("schoolReports");
  const policy = usePolicy();
  return (
    <Form.Item label={t("period")} htmlFor={id} style={{ marginBottom: 0 }}>
      <Select
        id={id}
        style={{ minWidth: 200 }}
        value={value}
        allowClear={allowClear}
        onChange={onChange}
        options={(policy.data?.study_periods ?? []).map((period) => ({
          value: period.code,
          label: `${period.code} (${formatDate(period.starts_on)} – ${formatDate(period.ends_on)})`,
        }))}
      />
    </Form.Item>
  );
}

/** Results of a class for a study period: period marks and weighted averages per subject,
 * отличники, хорошисты, with one 3, failing; успеваемость and качество знаний. */
export function ResultsReport({ classId, setClassId, period, setPeriod }: ClassChoice & { period: string | undefined; setPeriod: (period: string | undefined) => void }) {
  const { t } = useTranslation("schoolReports");
  const api = useApi();
  const school = useSchoolKey();
  const report = useQuery({
    queryKey: ["journal", school, "results", classId, period],
    enabled: classId !== undefined && period !== undefined,
    queryFn: async () =>
      unwrap(await api.journal.GET("/journal/classes/{class_id}/reports/results", { params: { path: { class_id: classId ?? "" }, query: { period: period ?? "" } } })),
  });
  const data = report.data;
  return (
    <Flex vertical gap="middle">
      <Flex gap="middle" wrap align="end">
        <ClassSelect id="results-class" value={classId} onChange={setClassId} />
        <PeriodSelect id="results-period" value={period} onChange={setPeriod} />
        {classId !== undefined && period !== undefined && (
          <>
            <DownloadButton
              label={t("downloadXlsx")}
              fallbackName={`results-${period}.xlsx`}
              fetchFile={async () =>
                api.journal.GET("/journal/classes/{class_id}/reports/results.xlsx", {
                  params: { path: { class_id: classId }, query: { period } },
                  parseAs: "blob",
                })
              }
            />
            <DownloadButton
              label={t("downloadPdf")}
              fallbackName={`results-${period}.pdf`}
              fetchFile={async () =>
                api.journal.GET("/journal/classes/{class_id}/reports/results.pdf", {
                  params: { path: { class_id: classId }, query: { period } },
                  parseAs: "blob",
                })
              }
            />
          </>
        )}
      </Flex>
      {(classId === undefined || period === undefined) && <Alert type="info" showIcon title={t("results.choose")} />}
      <ReportProblem error={report.error} />
      {data !== undefined && (
        <>
          <Descriptions
            bordered
            size="small"
            column={{ xs: 1, sm: 2, md: 4 }}
            title={t("results.heading", { className: data.class_name, from: formatDate(data.date_from), to: formatDate(data.date_to) })}
            items={[
              { key: "students", label: t("results.students"), children: data.counts.students },
              { key: "excellent", label: t("results.excellent"), children: data.counts.excellent },
              { key: "good", label: t("results.good"), children: data.counts.good },
              { key: "one_three", label: t("results.oneThree"), children: data.counts.one_three },
              { key: "threes", label: t("results.threes"), children: data.counts.threes },
              { key: "failing", label: t("results.failing"), children: data.counts.failing },
              { key: "not_assessed", label: t("results.notAssessed"), children: data.counts.not_assessed },
              { key: "success", label: t("results.successRate"), children: `${formatDecimal(data.success_rate)} %` },
              { key: "quality", label: t("results.qualityRate"), children: `${formatDecimal(data.quality_rate)} %` },
            ]}
          />
          <Table<ResultRow>
            rowKey="student_id"
            size="small"
            bordered
            pagination={false}
            scroll={{ x: 600 + data.subjects.length * 120 }}
            dataSource={data.students}
            caption={<span className="okrug-visually-hidden">{t("results.caption")}</span>}
            columns={[
              { key: "n", title: "№", width: 48, fixed: "left", render: (_, __, index) => index + 1 },
              { key: "name", title: t("student"), dataIndex: "student_name", fixed: "left" },
              ...data.subjects.map((subject, index) => ({
                key: subject.subject_id,
                title: subject.subject_name,
                render: (_: unknown, row: ResultRow) => {
                  const result = row.subjects[index];
                  if (result === undefined) return null;
                  return (
                    <span>
                      <strong>{result.period_mark ?? "—"}</strong>{" "}
                      <Toned tone={averageTone(result.weighted_average)}>({formatDecimal(result.weighted_average)})</Toned>
                    </span>
                  );
                },
              })),
              { key: "category", title: t("results.category"), render: (_, row) => t(`results.categories.${row.category}`) },
            ]}
          />
          <Typography.Paragraph type="secondary">{t("results.legend")}</Typography.Paragraph>
        </>
      )}
    </Flex>
  );
}

/** Completion of the curriculum by a class: lessons planned, held, missed, substituted, per subject. */
export function CompletionReport({ classId, setClassId, period, setPeriod }: ClassChoice & { period: string | undefined; setPeriod: (period: string | undefined) => void }) {
  const { t } = useTranslation("schoolReports");
  const api = useApi();
  const school = useSchoolKey();
  const report = useQuery({
    queryKey: ["journal", school, "completion", classId, period],
    enabled: classId !== undefined,
    queryFn: async () =>
      unwrap(await api.journal.GET("/journal/classes/{class_id}/completion", { params: { path: { class_id: classId ?? "" }, query: { period: period ?? null } } })),
  });
  return (
    <Flex vertical gap="middle">
      <Flex gap="middle" wrap align="end">
        <ClassSelect id="completion-class" value={classId} onChange={setClassId} />
        <PeriodSelect id="completion-period" value={period} onChange={setPeriod} allowClear />
        {classId !== undefined && (
          <>
            <DownloadButton
              label={t("downloadXlsx")}
              fallbackName="completion.xlsx"
              fetchFile={async () =>
                api.journal.GET("/journal/classes/{class_id}/completion.xlsx", {
                  params: { path: { class_id: classId }, query: { period: period ?? null } },
                  parseAs: "blob",
                })
              }
            />
            <DownloadButton
              label={t("downloadPdf")}
              fallbackName="completion.pdf"
              fetchFile={async () =>
                api.journal.GET("/journal/classes/{class_id}/completion.pdf", {
                  params: { path: { class_id: classId }, query: { period: period ?? null } },
                  parseAs: "blob",
                })
              }
            />
          </>
        )}
      </Flex>
      {classId === undefined && <Alert type="info" showIcon title={t("chooseClass")} />}
      <ReportProblem error={report.error} />
      {report.data !== undefined && (
        <>
          <Typography.Paragraph>{t("completion.heading", { from: formatDate(report.data.date_from), to: formatDate(report.data.date_to) })}</Typography.Paragraph>
          <Table
            rowKey={(row) => `${row.subject_id}:${row.group_id ?? ""}`}
            size="small"
            bordered
            pagination={false}
            dataSource={report.data.rows}
            caption={<span className="okrug-visually-hidden">{t("completion.caption")}</span>}
            locale={{ emptyText: t("completion.empty") }}
            columns={[
              { key: "subject", title: t("completion.subject"), render: (_, row) => (row.group_name == null ? row.subject_name : `${row.subject_name} (${row.group_name})`) },
              { key: "planned", title: t("completion.planned"), dataIndex: "planned" },
              { key: "held", title: t("completion.held"), dataIndex: "held" },
              { key: "missed", title: t("completion.missed"), render: (_, row) => <Toned tone={row.missed > 0 ? "danger" : undefined}>{row.missed}</Toned> },
              { key: "cancelled", title: t("completion.cancelled"), dataIndex: "cancelled" },
              { key: "upcoming", title: t("completion.upcoming"), dataIndex: "upcoming" },
              { key: "substituted", title: t("completion.substituted"), dataIndex: "substituted" },
              { key: "plan", title: t("completion.planHours"), render: (_, row) => (row.plan_hours == null ? t("completion.noPlan") : `${String(row.held_hours)} / ${String(row.plan_hours)}`) },
            ]}
          />
        </>
      )}
    </Flex>
  );
}
