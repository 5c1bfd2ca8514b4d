import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Form, Input, Modal, Radio, Typography } from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { useApi } from "../../../api/ApiContext";
import { unwrap } from "../../../api/client";
import { ProblemAlert } from "../../../forms/ProblemAlert";
import type { ShownProblem } from "../../../forms/problems";
import { formatDate } from "../format";
import { showProblemOnForm } from "../../../forms/problems";
import type { AttendanceWeek, Reason, WeekEntry, WeekLesson } from "./week";

export interface CorrectedCell {
  lesson: WeekLesson;
  student: AttendanceWeek["students"][number];
  entry: WeekEntry;
}

interface ReasonForm {
  reason: Reason | "none";
  comment?: string;
}

const REASONS = ["illness", "excused", "unexcused", "none"] as const;

/** The class teacher gives (or corrects) the reason of one absence or late (J2); the status
 * stays as the lesson's teacher recorded it. */
export function ReasonDialog({ cell, onClose }: { cell: CorrectedCell; onClose: () => void }) {
  const { t, i18n } = useTranslation("classTeacher");
  const api = useApi();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<ReasonForm>();
  const [problem, setProblem] = useState<ShownProblem | null>(null);
  const save = useMutation({
    mutationFn: async (values: ReasonForm) =>
      unwrap(
        await api.journal.PATCH("/journal/lessons/{lesson_id}/attendance/{student_id}", {
          params: { path: { lesson_id: cell.lesson.lesson_id, student_id: cell.student.student_id } },
          body: { reason: values.reason === "none" ? null : values.reason, comment: values.comment?.trim() ? values.comment.trim() : null },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ["journal", "attendance-week"] });
      void message.success(t("attendance.saved"));
      onClose();
    },
    onError: (error) => {
      setProblem(showProblemOnForm(form, error, i18n, {}, "classTeacher"));
    },
  });
  const title = t("attendance.correctTitle", { student: cell.student.student_name });
  return (
    <Modal
      open
      title={title}
      okText={t("attendance.save")}
      cancelText={t("attendance.cancel")}
      onOk={() => { form.submit(); }}
      onCancel={onClose}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Typography.Paragraph>
        {t("attendance.correctLesson", {
          subject: cell.lesson.subject_name,
          date: formatDate(cell.lesson.lesson_date),
          time: dayjs(cell.lesson.starts_at).format("HH:mm"),
        })}
        {" — "}
        {cell.entry.status === "late" ? t("attendance.lateWord") : t("attendance.absentWord")}
      </Typography.Paragraph>
      <ProblemAlert shown={problem} />
      <Form<ReasonForm>
        form={form}
        layout="vertical"
        initialValues={{ reason: cell.entry.reason ?? "none" }}
        onFinish={(values) => {
          setProblem(null);
          save.mutate(values);
        }}
      >
        <Form.Item name="reason" label={t("attendance.reason")}>
          <Radio.Group
            optionType="button"
            options={REASONS.map((reason) => ({ value: reason, label: t(`reasons.${reason}`) }))}
          />
        </Form.Item>
        <Form.Item name="comment" label={t("attendance.comment")}>
          <Input.TextArea maxLength={500} rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
