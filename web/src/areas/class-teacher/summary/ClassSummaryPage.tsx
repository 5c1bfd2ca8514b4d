import { DownloadOutlined } from "@ant-design/icons";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Alert, App, Button, DatePicker, Flex, Table, Typography, type TableColumnsType } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { useApi } from "../../../api/ApiContext";
import { unwrap } from "../../../api/client";
import type { components } from "../../../api/generated/journal";
import { Loading } from "../../../layout/Loading";
import { ClassScreen, type SchoolClass } from "../classes";
import "../classTeacher.css";
import { fileNameOf, saveFile } from "../../../files/download";
import { ClassForecast } from "../../../forecast/ClassForecast";
import { averageTone, formatAverage, formatDate, isoDay, mondayOf } from "../format";

type ClassSummary = components["schemas"]["ClassSummary"];
type StudentRow = components["schemas"]["StudentRow"];
type SubjectFigures = components["schemas"]["SubjectFigures"];
type Range = [Dayjs, Dayjs];

export function ClassSummaryPage() {
  const { t } = useTranslation("classTeacher");
  return <ClassScreen title={t("summary.title")}>{(schoolClass) => <SummaryOfClass schoolClass={schoolClass} />}</ClassScreen>;
}

function thisWeek(): Range {
  const monday = mondayOf(dayjs());
  return [monday, monday.add(6, "day")];
}

function SummaryOfClass({ schoolClass }: { schoolClass: SchoolClass }) {
  const { t } = useTranslation("classTeacher");
  const { t: common } = useTranslation();
  const api = useApi();
  const [range, setRange] = useState<Range>(thisWeek);
  const query = { date_from: isoDay(range[0]), date_to: isoDay(range[1]) };
  const summary = useQuery({
    queryKey: ["journal", "class-summary", schoolClass.id, query.date_from, query.date_to],
    queryFn: async () => unwrap(await api.journal.GET("/journal/classes/{class_id}/summary", { params: { path: { class_id: schoolClass.id }, query } })),
  });
  return (
    <Flex vertical gap="middle">
      <Flex gap="middle" align="end" wrap>
        <label>
          <div>{t("summary.range")}</div>
          <DatePicker.RangePicker
            aria-label={t("summary.range")}
            format="DD.MM.YYYY"
            value={range}
            allowClear={false}
            presets={[
              { label: t("summary.thisWeek"), value: thisWeek() },
              { label: t("summary.thisMonth"), value: [dayjs().startOf("month"), dayjs().endOf("month")] },
            ]}
            onChange={(value) => {
              if (value?.[0] && value[1]) setRange([value[0], value[1]]);
            }}
          />
        </label>
        <PdfButton
          label={t("summary.pdf")}
          fetch={async () =>
            api.journal.GET("/journal/classes/{class_id}/summary.pdf", { params: { path: { class_id: schoolClass.id }, query }, parseAs: "blob" })
          }
          fallback={`class-summary-${query.date_from}-${query.date_to}.pdf`}
          primary
        />
      </Flex>
      {summary.isPending && <Loading label={common("app.loading")} />}
      {summary.isError && <Alert type="error" showIcon title={t("failed")} />}
      {summary.data !== undefined && <SummaryTable summary={summary.data} query={query} />}
      <Typography.Paragraph type="secondary">{t("summary.rounding")}</Typography.Paragraph>
      {summary.data !== undefined && <ClassForecast classId={schoolClass.id} students={summary.data.students} />}
    </Flex>
  );
}

interface BlobAnswer { data?: Blob; error?: unknown; response: Response }

function PdfButton({
  label,
  ariaLabel,
  fetch,
  fallback,
  primary = false,
}: {
  label: string;
  ariaLabel?: string;
  fetch: () => Promise<BlobAnswer>;
  fallback: string;
  primary?: boolean;
}) {
  const { t } = useTranslation("classTeacher");
  const { message } = App.useApp();
  const download = useMutation({
    mutationFn: async () => {
      const result = await fetch();
      return { blob: unwrap(result), fileName: fileNameOf(result.response, fallback) };
    },
    onSuccess: ({ blob, fileName }) => {
      saveFile(blob, fileName);
      void message.success(t("summary.downloaded", { file: fileName }));
    },
    onError: () => {
      void message.error(t("failed"));
    },
  });
  return (
    <Button type={primary ? "primary" : "default"} size={primary ? "middle" : "small"} icon={<DownloadOutlined />} aria-label={ariaLabel} loading={download.isPending} onClick={() => { download.mutate(); }}>
      {label}
    </Button>
  );
}

function Average({ figures }: { figures: SubjectFigures }) {
  const { t, i18n } = useTranslation("classTeacher");
  if (figures.weighted_average === null) {
    return <Typography.Text type="secondary">{figures.marks_count === 0 ? "—" : t("summary.marksCount", { count: figures.marks_count })}</Typography.Text>;
  }
  return (
    <span title={`${t("summary.weighted")}; ${t("summary.marksCount", { count: figures.marks_count })}`}>
      <span className={`ct-average ct-average-${averageTone(figures.weighted_average)}`}>{formatAverage(figures.weighted_average, i18n.language)}</span>
      <span className="okrug-visually-hidden">{`, ${t("summary.marksCount", { count: figures.marks_count })}`}</span>
    </span>
  );
}

function SummaryTable({ summary, query }: { summary: ClassSummary; query: { date_from: string; date_to: string } }) {
  const { t } = useTranslation("classTeacher");
  const api = useApi();
  if (summary.students.length === 0) {
    return <Alert type="info" showIcon title={t("summary.noStudents")} />;
  }
  const columns: TableColumnsType<StudentRow> = [
    { key: "number", title: t("summary.number"), width: 44, fixed: "start", render: (_v, _r, index) => index + 1 },
    { key: "name", title: t("summary.student"), fixed: "start", render: (_v, row) => row.student_name },
    ...summary.subjects.map((subject, index) => ({
      key: subject.subject_id,
      title: (
        <Flex vertical>
          <span>{subject.subject_name}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: "normal" }}>
            {t("summary.held", { count: subject.lessons_held })}
          </Typography.Text>
        </Flex>
      ),
      align: "center" as const,
      render: (_v: unknown, row: StudentRow) => {
        const figures = row.subjects[index];
        return figures === undefined ? null : <Average figures={figures} />;
      },
    })),
    {
      key: "absences",
      title: t("summary.absences"),
      align: "center",
      render: (_v, row) => {
        const a = row.totals.absences;
        return (
          <span title={`${t("codes.illness")} ${a.illness}, ${t("codes.excused")} ${a.excused}, ${t("codes.unexcused")} ${a.unexcused}, ${t("codes.absent")} ${a.no_reason}`}>
            {`${a.total} (${t("codes.illness")} ${a.illness}, ${t("codes.excused")} ${a.excused}, ${t("codes.unexcused")} ${a.unexcused}, ${t("codes.absent")} ${a.no_reason})`}
          </span>
        );
      },
    },
    { key: "lates", title: t("summary.lates"), align: "center", render: (_v, row) => row.totals.lates },
    {
      key: "pdf",
      title: t("summary.sheet"),
      render: (_v, row) => (
        <PdfButton
          label="PDF"
          ariaLabel={t("summary.studentPdf", { name: row.student_name })}
          fetch={async () =>
            api.journal.GET("/journal/students/{student_id}/summary.pdf", { params: { path: { student_id: row.student_id }, query }, parseAs: "blob" })
          }
          fallback={`summary-${query.date_from}-${query.date_to}.pdf`}
        />
      ),
    },
  ];
  return (
    <>
      <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>
        {`${summary.class_name} · ${formatDate(summary.date_from)} – ${formatDate(summary.date_to)}`}
      </Typography.Title>
      <Table<StudentRow> rowKey="student_id" columns={columns} dataSource={summary.students} pagination={false} size="small" bordered scroll={{ x: "max-content" }} />
    </>
  );
}
