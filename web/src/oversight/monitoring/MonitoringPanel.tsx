import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Flex, Form, Modal, Select, Table, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { useApi } from "../../api/ApiContext";
import { unwrap } from "../../api/client";
import { ApiError } from "../../api/problem";
import { DownloadButton } from "../../areas/school/reports/DownloadButton";
import { ProblemAlert } from "../../forms/ProblemAlert";
import { problemText, showProblemOnForm, type ShownProblem } from "../../forms/problems";
import { usePeriodName } from "../../i18n/periods";
import { Loading } from "../../layout/Loading";
import { useWorkplace } from "../../schools/workplace";
import { PERIOD_CODES } from "../filters";
import { formatShare, schoolMoment } from "../keeping/format";
import type { OversightPanelProps } from "../query";
import { useSchoolNames } from "../schools";
import { figureLines, recipientsText, type ReportSummary } from "./figures";

const REPORTS = "/journal/oversight/monitoring/reports";
const ZONE = "Europe/Moscow";
// Who makes a report on demand: the district's monitoring roles, a school's director.
const MAKERS = ["district-admin", "working-group-member", "director"];
const ALL_SCHOOLS = "all";

interface MakeValues {
  period: string;
  school: string;
}

/**
 * Monitoring reports (O5): the list of reports (school, period, when and why made, to whom),
 * each report's figures, its PDF and Excel; a report made on demand (the district: one school
 * or every school with the district's summary; a director: their school). Counts only.
 */
export default function MonitoringPanel({ query }: OversightPanelProps) {
  const { t, i18n } = useTranslation("oversightMonitoring");
  const api = useApi();
  const names = useSchoolNames();
  const periodName = usePeriodName();
  const { me } = useWorkplace();
  const [opened, setOpened] = useState<ReportSummary | null>(null);
  const reports = useQuery({
    queryKey: ["journal", "oversight", "monitoring", "reports", query.schoolId, query.period],
    queryFn: async () =>
      unwrap(
        await api.journal.GET(REPORTS, {
          params: { query: { school_id: query.schoolId ?? null, period: query.period ?? null } },
        }),
      ),
  });
  const canMake = me.roles.some((role) => MAKERS.includes(role));
  const schoolName = (report: ReportSummary) =>
    report.school_id === null ? t("district") : (names.data?.get(report.school_id) ?? report.school_name);
  return (
    <Flex vertical gap="middle">
      {canMake && <MakeReport query={query} />}
      {reports.isPending ? (
        <Loading label={t("title")} />
      ) : reports.error !== null ? (
        <ProblemAlert
          shown={{
            summary: reports.error instanceof ApiError ? problemText(i18n, reports.error.problem) : t("failed"),
            unplaced: [],
          }}
        />
      ) : reports.data.reports.length === 0 ? (
        <Typography.Paragraph>{t("none")}</Typography.Paragraph>
      ) : (
        <Table<ReportSummary>
          rowKey="id"
          size="small"
          bordered
          pagination={false}
          scroll={{ x: true }}
          dataSource={reports.data.reports}
          caption={<span className="okrug-visually-hidden">{t("tableCaption")}</span>}
          columns={[
            { key: "school", title: t("school"), render: (_, r) => schoolName(r) },
            { key: "period", title: t("period"), render: (_, r) => periodName(r.period) },
            { key: "made", title: t("madeAt"), render: (_, r) => schoolMoment(r.made_at, ZONE) },
            { key: "reason", title: t("reason"), render: (_, r) => t(`reasons.${r.reason}`) },
            { key: "recipients", title: t("recipients"), render: (_, r) => recipientsText(r) ?? t("noRecipients") },
            {
              key: "actions",
              title: t("actions"),
              render: (_, r) => (
                <Flex gap="small" wrap>
                  <Button
                    onClick={() => {
                      setOpened(r);
                    }}
                  >
                    {t("open")}
                  </Button>
                  <DownloadButton
                    label={t("pdf")}
                    fallbackName={`monitoring-${r.period}.pdf`}
                    fetchFile={async () =>
                      api.journal.GET("/journal/oversight/monitoring/reports/{report_id}.pdf", {
                        params: { path: { report_id: r.id } },
                        parseAs: "blob",
                      })
                    }
                  />
                  <DownloadButton
                    label={t("xlsx")}
                    fallbackName={`monitoring-${r.period}.xlsx`}
                    fetchFile={async () =>
                      api.journal.GET("/journal/oversight/monitoring/reports/{report_id}.xlsx", {
                        params: { path: { report_id: r.id } },
                        parseAs: "blob",
                      })
                    }
                  />
                </Flex>
              ),
            },
          ]}
        />
      )}
      {opened !== null && (
        <ReportFiguresModal
          report={opened}
          title={t("figures.title", { school: schoolName(opened), period: periodName(opened.period) })}
          onClose={() => {
            setOpened(null);
          }}
        />
      )}
    </Flex>
  );
}

function MakeReport({ query }: OversightPanelProps) {
  const { t, i18n } = useTranslation("oversightMonitoring");
  const api = useApi();
  const queryClient = useQueryClient();
  const names = useSchoolNames();
  const periodName = usePeriodName();
  const [form] = Form.useForm<MakeValues>();
  const [problem, setProblem] = useState<ShownProblem | null>(null);
  const [made, setMade] = useState<number | null>(null);
  const choosesSchool = query.viewer === "district" && query.schoolId === undefined;
  const make = useMutation({
    mutationFn: async (values: MakeValues) => {
      const school = choosesSchool ? (values.school === ALL_SCHOOLS ? null : values.school) : (query.schoolId ?? null);
      return unwrap(
        await api.journal.POST(REPORTS, {
          body: { period: values.period, school_id: query.viewer === "district" ? school : null },
        }),
      );
    },
    onSuccess: async (answer) => {
      setProblem(null);
      setMade(answer.reports.length);
      await queryClient.invalidateQueries({ queryKey: ["journal", "oversight", "monitoring"] });
    },
    onError: (error) => {
      setMade(null);
      setProblem(showProblemOnForm(form, error, i18n, { school_id: ["school"] }, "oversightMonitoring"));
    },
  });
  return (
    <Flex vertical gap="small">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t("make.title")}
      </Typography.Title>
      {made !== null && <Alert type="success" role="status" showIcon title={t("make.made", { count: made })} />}
      <ProblemAlert shown={problem} />
      <Form<MakeValues>
        form={form}
        layout="inline"
        initialValues={{ period: query.period ?? "year", school: ALL_SCHOOLS }}
        onFinish={(values) => {
          make.mutate(values);
        }}
      >
        <Form.Item name="period" label={t("make.period")} htmlFor="monitoring-period">
          <Select
            id="monitoring-period"
            style={{ minWidth: 180 }}
            options={PERIOD_CODES.map((code) => ({ value: code, label: periodName(code) }))}
          />
        </Form.Item>
        {choosesSchool && (
          <Form.Item name="school" label={t("make.school")} htmlFor="monitoring-school">
            <Select
              id="monitoring-school"
              style={{ minWidth: 280 }}
              showSearch={{ optionFilterProp: "label" }}
              options={[
                { value: ALL_SCHOOLS, label: t("make.allSchools") },
                ...[...(names.data ?? new Map<string, string>()).entries()].map(([id, name]) => ({ value: id, label: name })),
              ]}
            />
          </Form.Item>
        )}
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={make.isPending}>
            {t("make.submit")}
          </Button>
        </Form.Item>
      </Form>
    </Flex>
  );
}

function ReportFiguresModal({ report, title, onClose }: { report: ReportSummary; title: string; onClose: () => void }) {
  const { t, i18n } = useTranslation("oversightMonitoring");
  const api = useApi();
  const names = useSchoolNames();
  const share = (value: number | null | undefined) => formatShare(value, i18n.language);
  const read = useQuery({
    queryKey: ["journal", "oversight", "monitoring", "report", report.id],
    queryFn: async () =>
      unwrap(await api.journal.GET("/journal/oversight/monitoring/reports/{report_id}", { params: { path: { report_id: report.id } } })),
  });
  const figures = read.data?.figures ?? null;
  const district = read.data?.district ?? null;
  return (
    <Modal open title={title} onCancel={onClose} footer={<Button onClick={onClose}>{t("figures.close")}</Button>} width={900}>
      {read.isPending && <Loading label={title} />}
      {read.error !== null && <ProblemAlert shown={{ summary: t("failed"), unplaced: [] }} />}
      {figures !== null && (
        <Flex vertical gap="middle">
          <Table
            rowKey="key"
            size="small"
            bordered
            pagination={false}
            dataSource={figureLines(figures, share)}
            caption={<span className="okrug-visually-hidden">{t("figures.caption")}</span>}
            columns={[
              { key: "figure", title: t("figures.figure"), render: (_, line) => (t as (key: string) => string)(`figures.${line.key}`) },
              { key: "value", title: t("figures.value"), dataIndex: "value", align: "right" },
            ]}
          />
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t("figures.thresholds")}
          </Typography.Title>
          <Table
            rowKey="figure"
            size="small"
            bordered
            pagination={false}
            dataSource={figures.thresholds}
            caption={<span className="okrug-visually-hidden">{t("figures.thresholds")}</span>}
            columns={[
              { key: "figure", title: t("figures.figure"), render: (_, c) => t(`thresholdFigures.${c.figure}`) },
              { key: "threshold", title: t("figures.threshold"), align: "right", render: (_, c) => share(c.threshold) },
              { key: "measured", title: t("figures.measured"), align: "right", render: (_, c) => share(c.measured) },
              {
                key: "state",
                title: t("figures.state"),
                render: (_, c) =>
                  c.measured === null ? (
                    t("figures.noData")
                  ) : c.below ? (
                    <Typography.Text strong>{t("figures.below")}</Typography.Text>
                  ) : (
                    t("figures.within")
                  ),
              },
            ]}
          />
        </Flex>
      )}
      {district !== null && (
        <Table
          rowKey="school_id"
          size="small"
          bordered
          pagination={false}
          scroll={{ x: true }}
          dataSource={district.schools}
          caption={<span className="okrug-visually-hidden">{t("figures.schoolsCaption")}</span>}
          columns={[
            { key: "school", title: t("school"), render: (_, s) => names.data?.get(s.school_id) ?? s.school_name },
            { key: "index", title: t("figures.index"), align: "right", render: (_, s) => s.index?.index ?? "—" },
            { key: "onTime", title: t("figures.onTime"), align: "right", render: (_, s) => share(s.timeliness.on_time_share) },
            { key: "fill", title: t("figures.fill"), align: "right", render: (_, s) => share(s.fill?.fill_share) },
            { key: "held", title: t("figures.held"), align: "right", render: (_, s) => share(s.lessons?.held_share) },
            {
              key: "below",
              title: t("figures.thresholds"),
              render: (_, s) =>
                s.thresholds
                  .filter((c) => c.below)
                  .map((c) => t(`thresholdFigures.${c.figure}`))
                  .join(", ") || "—",
            },
          ]}
        />
      )}
    </Modal>
  );
}
