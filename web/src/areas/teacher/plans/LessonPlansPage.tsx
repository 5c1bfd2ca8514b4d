import { UploadOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Empty, Flex, Table, Typography, Upload, type TableColumnsType } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { useApi } from "../../../api/ApiContext";
import { unwrap } from "../../../api/client";
import type { components } from "../../../api/generated/journal";
import { ProblemAlert } from "../../../forms/ProblemAlert";
import type { ShownProblem } from "../../../forms/problems";
import { Loading } from "../../../layout/Loading";
import { fileNameOf, saveFile } from "../../../files/download";
import { sheetMediaType } from "../files";
import { JournalSelect, journalKey } from "../JournalSelect";
import { useTeacherDay, type TaughtSubject } from "../queries";
import { CurriculumCheck } from "./CurriculumCheck";
import { fileProblem } from "../fileProblem";

type Plan = components["schemas"]["PlanRead"];
type Topic = components["schemas"]["TopicRead"];

/** The teacher's lesson plans (КТП, J7): one per journal, uploaded from CSV or XLSX, checked
 * against the curriculum's hours, downloaded back. */
export function LessonPlansPage() {
  const { t } = useTranslation("teacher");
  const day = useTeacherDay();
  const [chosen, setChosen] = useState<string>();
  if (day.error !== null) {
    return <Alert type="error" showIcon title={t("plans.title")} description={day.error.message} />;
  }
  if (day.data === undefined) {
    return <Loading label={t("plans.title")} />;
  }
  const journals = day.data.journals;
  const journal = journals.find((j) => journalKey(j) === chosen) ?? journals[0];
  return (
    <Flex vertical gap="large">
      <Typography.Title level={1} style={{ marginBottom: 0 }}>
        {t("plans.title")}
      </Typography.Title>
      <Typography.Paragraph style={{ maxWidth: 760, marginBottom: 0 }}>{t("plans.hint")}</Typography.Paragraph>
      {journal === undefined ? (
        <Empty description={t("journal.none")} />
      ) : (
        <>
          <JournalSelect journals={journals} value={journalKey(journal)} onChange={setChosen} />
          <JournalPlan key={journalKey(journal)} journal={journal} />
        </>
      )}
    </Flex>
  );
}

function usePlan(journal: TaughtSubject) {
  const api = useApi();
  return useQuery({
    queryKey: ["journal", "lesson-plan", journal.class_id, journal.subject_id, journal.group_id],
    queryFn: async (): Promise<Plan | null> => {
      const plans = unwrap(
        await api.journal.GET("/journal/lesson-plans", {
          params: { query: { class_id: journal.class_id, subject_id: journal.subject_id } },
        }),
      );
      const found = plans.find((plan) => plan.group_id === journal.group_id);
      if (found === undefined) return null;
      return unwrap(await api.journal.GET("/journal/lesson-plans/{plan_id}", { params: { path: { plan_id: found.id } } }));
    },
  });
}

function JournalPlan({ journal }: { journal: TaughtSubject }) {
  const { t, i18n } = useTranslation("teacher");
  const api = useApi();
  const queries = useQueryClient();
  const plan = usePlan(journal);
  const [problem, setProblem] = useState<ShownProblem | null>(null);
  const upload = useMutation({
    mutationFn: async (file: File) => {
      const mediaType = sheetMediaType(file);
      return unwrap(
        await api.journal.POST("/journal/lesson-plans/import", {
          params: {
            query: {
              class_id: journal.class_id,
              subject_id: journal.subject_id,
              ...(journal.group_id === null ? {} : { group_id: journal.group_id }),
            },
          },
          body: file as unknown as string,
          bodySerializer: (body: unknown) => body,
          headers: { "Content-Type": mediaType ?? (file.type || "application/octet-stream") },
        }),
      );
    },
    onMutate: () => {
      setProblem(null);
    },
    onSuccess: (saved) => {
      queries.setQueryData(["journal", "lesson-plan", journal.class_id, journal.subject_id, journal.group_id], saved);
    },
    onError: (error) => {
      setProblem(fileProblem(i18n, error));
    },
  });
  const download = useMutation({
    mutationFn: async ({ planId, format }: { planId: string; format: "csv" | "xlsx" }) => {
      const answer = await api.journal.GET("/journal/lesson-plans/{plan_id}/export", {
        params: { path: { plan_id: planId }, query: { format } },
        parseAs: "blob",
      });
      const blob = unwrap<Blob>(answer);
      saveFile(blob, fileNameOf(answer.response, `ktp.${format}`));
    },
    onError: (error) => {
      setProblem(fileProblem(i18n, error));
    },
  });

  if (plan.error !== null) {
    return <Alert type="error" showIcon title={t("plans.title")} description={plan.error.message} />;
  }
  if (plan.data === undefined) {
    return <Loading label={t("plans.title")} />;
  }
  const current = plan.data;
  return (
    <Flex vertical gap="middle">
      <Flex gap="small" wrap align="center">
        <Upload
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          showUploadList={false}
          beforeUpload={(file) => {
            upload.mutate(file);
            return false;
          }}
        >
          <Button type="primary" icon={<UploadOutlined />} loading={upload.isPending}>
            {t("plans.upload")}
          </Button>
        </Upload>
        {current !== null && (
          <>
            <Button onClick={() => { download.mutate({ planId: current.id, format: "xlsx" }); }}>{t("plans.downloadXlsx")}</Button>
            <Button onClick={() => { download.mutate({ planId: current.id, format: "csv" }); }}>{t("plans.downloadCsv")}</Button>
          </>
        )}
      </Flex>
      {current !== null && <Typography.Text type="secondary">{t("plans.replaceHint")}</Typography.Text>}
      <ProblemAlert shown={problem} />
      {upload.isSuccess && problem === null && (
        <Alert type="success" showIcon role="status" title={t("plans.uploaded", { topics: upload.data.topic_count, hours: upload.data.planned_hours })} />
      )}
      {current === null ? (
        <Empty description={t("plans.none")} />
      ) : (
        <>
          <CurriculumCheck plan={current} />
          <TopicTable topics={current.topics} hours={current.planned_hours} />
        </>
      )}
    </Flex>
  );
}

function TopicTable({ topics, hours }: { topics: Topic[]; hours: number }) {
  const { t } = useTranslation("teacher");
  const columns: TableColumnsType<Topic> = [
    { key: "number", dataIndex: "number", title: t("plans.columns.number"), width: 64 },
    { key: "section", dataIndex: "section", title: t("plans.columns.section") },
    { key: "topic", dataIndex: "topic", title: t("plans.columns.topic") },
    { key: "hours", dataIndex: "hours", title: t("plans.columns.hours"), width: 96, align: "right" },
  ];
  return (
    <Table<Topic>
      rowKey="id"
      columns={columns}
      dataSource={topics}
      pagination={false}
      size="small"
      footer={() => <Typography.Text strong>{t("plans.total", { hours })}</Typography.Text>}
    />
  );
}
