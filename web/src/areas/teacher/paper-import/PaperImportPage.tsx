import { DownloadOutlined, UploadOutlined } from "@ant-design/icons";
import { useMutation } from "@tanstack/react-query";
import { Alert, Button, Checkbox, DatePicker, Descriptions, Empty, Flex, Form, Table, Typography, Upload, type TableColumnsType } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { useApi } from "../../../api/ApiContext";
import { unwrap } from "../../../api/client";
import type { components } from "../../../api/generated/journal";
import { ProblemAlert } from "../../../forms/ProblemAlert";
import type { ShownProblem } from "../../../forms/problems";
import { Loading } from "../../../layout/Loading";
import { fileProblem } from "../fileProblem";
import { fileNameOf, saveFile } from "../../../files/download";
import { sheetMediaType } from "../files";
import { JournalSelect, journalKey } from "../JournalSelect";
import { useTeacherDay, type TaughtSubject } from "../queries";
import { columnName, rejectedReason, type RejectedLine } from "./reasons";
import "../teacher.css";

type ImportReport = components["schemas"]["ImportReport"];

/** A class and subject once: the import reads every group's lessons of them. */
function classSubjects(journals: readonly TaughtSubject[]): TaughtSubject[] {
  const seen = new Map<string, TaughtSubject>();
  for (const journal of journals) {
    const whole = { ...journal, group_id: null, group_name: null };
    seen.set(journalKey(whole), whole);
  }
  return [...seen.values()];
}

/** Paper journals brought back after an outage (J13): the template of the class's lessons and
 * students for a period, the filled-in file uploaded (or only checked), and the report with
 * every rejected row, its column and why, in the interface language. */
export function PaperImportPage() {
  const { t } = useTranslation("teacher");
  const day = useTeacherDay();
  const [chosen, setChosen] = useState<string>();
  if (day.error !== null) {
    return <Alert type="error" showIcon title={t("paperImport.title")} description={day.error.message} />;
  }
  if (day.data === undefined) {
    return <Loading label={t("paperImport.title")} />;
  }
  const journals = classSubjects(day.data.journals);
  const journal = journals.find((j) => journalKey(j) === chosen) ?? journals[0];
  return (
    <Flex vertical gap="large">
      <Typography.Title level={1} style={{ marginBottom: 0 }}>
        {t("paperImport.title")}
      </Typography.Title>
      <Typography.Paragraph style={{ maxWidth: 760, marginBottom: 0 }}>{t("paperImport.hint")}</Typography.Paragraph>
      {journal === undefined ? (
        <Empty description={t("journal.none")} />
      ) : (
        <>
          <JournalSelect journals={journals} value={journalKey(journal)} onChange={setChosen} />
          <PaperImport key={journalKey(journal)} journal={journal} today={day.data.today} />
        </>
      )}
    </Flex>
  );
}

function PaperImport({ journal, today }: { journal: TaughtSubject; today: string }) {
  const { t, i18n } = useTranslation("teacher");
  const api = useApi();
  const [from, setFrom] = useState<Dayjs>(dayjs(today).subtract(6, "day"));
  const [to, setTo] = useState<Dayjs>(dayjs(today));
  const [dryRun, setDryRun] = useState(false);
  const [problem, setProblem] = useState<ShownProblem | null>(null);
  const place = { class_id: journal.class_id, subject_id: journal.subject_id };

  const template = useMutation({
    mutationFn: async () => {
      const answer = await api.journal.GET("/journal/paper-import/template", {
        params: { query: { ...place, date_from: from.format("YYYY-MM-DD"), date_to: to.format("YYYY-MM-DD"), format: "xlsx" } },
        parseAs: "blob",
      });
      const blob = unwrap<Blob>(answer);
      saveFile(blob, fileNameOf(answer.response, "paper-journal.xlsx"));
    },
    onMutate: () => {
      setProblem(null);
    },
    onError: (error) => {
      setProblem(fileProblem(i18n, error, "paperImport.fileColumns"));
    },
  });
  const upload = useMutation({
    mutationFn: async (file: File) =>
      unwrap(
        await api.journal.POST("/journal/paper-import", {
          params: { query: { ...place, dry_run: dryRun, file_name: file.name.slice(0, 200) } },
          body: file as unknown as string,
          bodySerializer: (body: unknown) => body,
          headers: { "Content-Type": sheetMediaType(file) ?? (file.type || "application/octet-stream") },
        }),
      ),
    onMutate: () => {
      setProblem(null);
    },
    onError: (error) => {
      setProblem(fileProblem(i18n, error, "paperImport.fileColumns"));
    },
  });

  return (
    <Flex vertical gap="middle">
      <Form layout="inline" component="div">
        <Form.Item label={t("paperImport.rangeStart")} htmlFor="paper-import-from">
          <DatePicker id="paper-import-from" value={from} format="DD.MM.YYYY" allowClear={false} onChange={(value) => { if (value !== null) setFrom(value); }} />
        </Form.Item>
        <Form.Item label={t("paperImport.rangeEnd")} htmlFor="paper-import-to">
          <DatePicker id="paper-import-to" value={to} format="DD.MM.YYYY" allowClear={false} onChange={(value) => { if (value !== null) setTo(value); }} />
        </Form.Item>
        <Form.Item>
          <Button icon={<DownloadOutlined />} loading={template.isPending} onClick={() => { template.mutate(); }}>
            {t("paperImport.template")}
          </Button>
        </Form.Item>
      </Form>
      <Flex gap="middle" wrap align="center">
        <Checkbox checked={dryRun} onChange={(event) => { setDryRun(event.target.checked); }}>
          {t("paperImport.dryRun")}
        </Checkbox>
        <Upload
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          showUploadList={false}
          beforeUpload={(file) => {
            upload.mutate(file);
            return false;
          }}
        >
          <Button type="primary" icon={<UploadOutlined />} loading={upload.isPending}>
            {t("paperImport.upload")}
          </Button>
        </Upload>
      </Flex>
      <ProblemAlert shown={problem} />
      {upload.data !== undefined && problem === null && <ImportResult report={upload.data} />}
    </Flex>
  );
}

function ImportResult({ report }: { report: ImportReport }) {
  const { t, i18n } = useTranslation("teacher");
  const entries = { mark: 0, attendance: 0, topic: 0, homework: 0, ...report.entries };
  const columns: TableColumnsType<RejectedLine> = [
    { key: "line", dataIndex: "line", title: t("paperImport.columns.line"), width: 88 },
    { key: "column", title: t("paperImport.columns.column"), width: 180, render: (_, line) => columnName(i18n, line.column) },
    { key: "reason", title: t("paperImport.columns.reason"), render: (_, line) => rejectedReason(i18n, line) },
  ];
  return (
    <section aria-labelledby="paper-import-report" data-testid="paper-import-report">
      <Typography.Title level={2} id="paper-import-report" style={{ fontSize: 20 }}>
        {t("paperImport.report", { file: report.file_name })}
      </Typography.Title>
      <Flex vertical gap="middle">
        {report.dry_run && <Alert type="info" showIcon role="status" title={t("paperImport.dryRunDone")} />}
        <Descriptions
          bordered
          size="small"
          column={{ xs: 1, sm: 2, md: 4 }}
          items={[
            { key: "rows", label: t("paperImport.rows"), children: report.rows },
            { key: "imported", label: t("paperImport.imported"), children: report.imported },
            { key: "unchanged", label: t("paperImport.unchanged"), children: report.unchanged },
            {
              key: "rejected",
              label: t("paperImport.rejected"),
              children: <span className={report.rejected > 0 ? "okrug-teacher-overdue" : undefined}>{report.rejected}</span>,
            },
          ]}
        />
        <Typography.Text>{t("paperImport.entries", entries)}</Typography.Text>
        <Typography.Title level={3} style={{ fontSize: 16, marginBottom: 0 }}>
          {t("paperImport.rejectedTitle")}
        </Typography.Title>
        {report.rejected_lines.length === 0 ? (
          <Alert type="success" showIcon title={t("paperImport.allAccepted")} />
        ) : (
          <Table<RejectedLine>
            rowKey={(line) => `${line.line}:${line.column}`}
            columns={columns}
            dataSource={report.rejected_lines}
            pagination={false}
            size="small"
          />
        )}
      </Flex>
    </section>
  );
}
