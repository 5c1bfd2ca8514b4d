import { DeleteOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Card, DatePicker, Flex, Form, Input, Popconfirm, Radio, Select, Typography } from "antd";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { useApi } from "../../../api/ApiContext";
import { unwrap } from "../../../api/client";
import { ProblemAlert } from "../../../forms/ProblemAlert";
import type { ShownProblem } from "../../../forms/problems";
import { Loading } from "../../../layout/Loading";
import { Code } from "../attendance/Code";
import type { Reason } from "../attendance/week";
import { ClassScreen, type SchoolClass } from "../classes";
import "../classTeacher.css";
import { formatDate, isoDay } from "../format";
import { useClassPeople, fullName } from "../people/queries";
import { showProblemOnForm } from "../../../forms/problems";

interface NoteForm {
  student_id?: string;
  range?: [Dayjs, Dayjs];
  reason: Reason;
  comment?: string;
}

const REASONS = ["illness", "excused", "unexcused"] as const;

export function AbsenceNotesPage() {
  const { t } = useTranslation("classTeacher");
  return <ClassScreen title={t("notes.title")}>{(schoolClass) => <NotesOfClass schoolClass={schoolClass} />}</ClassScreen>;
}

function NotesOfClass({ schoolClass }: { schoolClass: SchoolClass }) {
  const { t } = useTranslation("classTeacher");
  const { t: common } = useTranslation();
  const people = useClassPeople(schoolClass.id);
  const [studentId, setStudentId] = useState<string | undefined>();
  if (people.isPending) return <Loading label={common("app.loading")} />;
  if (people.isError) return <Alert type="error" showIcon title={t("failed")} />;
  const students = people.data.students.map((student) => ({ value: student.id, label: fullName(student) }));
  return (
    <Flex vertical gap="large">
      <Typography.Paragraph style={{ maxWidth: 760 }}>{t("notes.hint")}</Typography.Paragraph>
      <NoteForm classId={schoolClass.id} students={students} onStudent={setStudentId} />
      <Card title={<h2 style={{ margin: 0, fontSize: 18 }}>{t("notes.listTitle")}</h2>}>
        {studentId === undefined ? (
          <Typography.Text>{t("notes.chooseStudent")}</Typography.Text>
        ) : (
          <NotesOfStudent classId={schoolClass.id} studentId={studentId} />
        )}
      </Card>
    </Flex>
  );
}

function NoteForm({
  classId,
  students,
  onStudent,
}: {
  classId: string;
  students: { value: string; label: string }[];
  onStudent: (studentId: string | undefined) => void;
}) {
  const { t, i18n } = useTranslation("classTeacher");
  const api = useApi();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<NoteForm>();
  const [problem, setProblem] = useState<ShownProblem | null>(null);
  // One key per note being entered: a retry after a lost answer does not record it twice.
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  const create = useMutation({
    mutationFn: async ({ student_id, range, reason, comment }: Required<Pick<NoteForm, "student_id" | "range">> & NoteForm) =>
      unwrap(
        await api.journal.POST("/journal/classes/{class_id}/students/{student_id}/absence-notes", {
          params: { path: { class_id: classId, student_id }, header: { "Idempotency-Key": idempotencyKey } },
          body: { date_from: isoDay(range[0]), date_to: isoDay(range[1]), reason, comment: comment?.trim() ? comment.trim() : null },
        }),
      ),
    onSuccess: async (note) => {
      setIdempotencyKey(crypto.randomUUID());
      form.resetFields(["range", "comment"]);
      void message.success(t("notes.created", { count: note.applied }));
      await queryClient.invalidateQueries({ queryKey: ["journal", "absence-notes", classId, note.student_id] });
      await queryClient.invalidateQueries({ queryKey: ["journal", "attendance-week", classId] });
    },
    onError: (error) => {
      setProblem(showProblemOnForm(form, error, i18n, { "body.date_from": ["range"], "body.date_to": ["range"], "path.student_id": ["student_id"] }, "classTeacher"));
    },
  });
  return (
    <Card style={{ maxWidth: 760 }}>
      <ProblemAlert shown={problem} />
      <Form<NoteForm>
        form={form}
        layout="vertical"
        initialValues={{ reason: "illness" }}
        onValuesChange={(changed: Partial<NoteForm>) => {
          if ("student_id" in changed) onStudent(changed.student_id);
        }}
        onFinish={(values) => {
          setProblem(null);
          if (values.student_id === undefined || values.range === undefined) return;
          create.mutate({ ...values, student_id: values.student_id, range: values.range });
        }}
      >
        <Form.Item name="student_id" label={t("notes.student")} rules={[{ required: true, message: t("notes.required") }]}>
          <Select showSearch={{ optionFilterProp: "label" }} placeholder={t("notes.studentPlaceholder")} options={students} />
        </Form.Item>
        <Form.Item name="range" label={t("notes.range")} rules={[{ required: true, message: t("notes.required") }]}>
          <DatePicker.RangePicker format="DD.MM.YYYY" />
        </Form.Item>
        <Form.Item name="reason" label={t("notes.reason")}>
          <Radio.Group optionType="button" options={REASONS.map((reason) => ({ value: reason, label: t(`reasons.${reason}`) }))} />
        </Form.Item>
        <Form.Item name="comment" label={t("notes.comment")}>
          <Input maxLength={500} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={create.isPending}>
          {t("notes.create")}
        </Button>
      </Form>
    </Card>
  );
}

function NotesOfStudent({ classId, studentId }: { classId: string; studentId: string }) {
  const { t } = useTranslation("classTeacher");
  const { t: common } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const path = { class_id: classId, student_id: studentId };
  const notes = useQuery({
    queryKey: ["journal", "absence-notes", classId, studentId],
    queryFn: async () => unwrap(await api.journal.GET("/journal/classes/{class_id}/students/{student_id}/absence-notes", { params: { path } })),
  });
  const remove = useMutation({
    mutationFn: async (noteId: string) => {
      const { response, error } = await api.journal.DELETE("/journal/classes/{class_id}/students/{student_id}/absence-notes/{note_id}", {
        params: { path: { ...path, note_id: noteId } },
      });
      if (!response.ok) unwrap({ response, error });
    },
    onSuccess: async () => {
      void message.success(t("notes.deleted"));
      await queryClient.invalidateQueries({ queryKey: ["journal", "absence-notes", classId, studentId] });
    },
    onError: () => {
      void message.error(t("failed"));
    },
  });
  if (notes.isPending) return <Loading label={common("app.loading")} />;
  if (notes.isError) return <Alert type="error" showIcon title={t("failed")} />;
  if (notes.data.length === 0) return <Typography.Text>{t("notes.none")}</Typography.Text>;
  return (
    <ul className="okrug-plain-list" aria-label={t("notes.listTitle")}>
      {[...notes.data]
        .sort((a, b) => b.date_from.localeCompare(a.date_from))
        .map((note) => {
          const days = `${formatDate(note.date_from)} – ${formatDate(note.date_to)}`;
          return (
            <li key={note.id}>
              <Flex gap="small" align="center" justify="space-between" wrap>
                <Flex gap="small" align="center" wrap>
                  <Code code={note.reason} />
                  <span>{days}</span>
                  <span>{t(`reasons.${note.reason}`)}</span>
                  {note.comment !== null && <Typography.Text type="secondary">{note.comment}</Typography.Text>}
                </Flex>
                <Popconfirm
                  title={t("notes.deleteConfirm")}
                  onConfirm={() => {
                    remove.mutate(note.id);
                  }}
                  okText={t("notes.delete")}
                  cancelText={t("attendance.cancel")}
                >
                  <Button icon={<DeleteOutlined />} aria-label={`${t("notes.delete")}: ${days}`}>
                    {t("notes.delete")}
                  </Button>
                </Popconfirm>
              </Flex>
            </li>
          );
        })}
    </ul>
  );
}
