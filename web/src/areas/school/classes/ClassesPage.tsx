import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Card, Flex, Form, Input, InputNumber, Select, Table, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { useApi } from "../../../api/ApiContext";
import { unwrap } from "../../../api/client";
import { ProblemAlert } from "../../../forms/ProblemAlert";
import { showProblemOnForm, type ShownProblem } from "../../../forms/problems";
import { useWorkplace } from "../../../schools/workplace";
import { fullName, personOptions, usePersons, type Person } from "../people/queries";
import { SectionTitle } from "../SectionTitle";
import { classKeys, useClasses, type SchoolClass } from "./queries";
import { EmptyText } from "../EmptyText";

const STRUCTURE_WRITERS = ["director", "deputy-director", "school-admin"];

export function teacherOptions(staff: readonly Person[]) {
  return personOptions(staff.filter((p) => p.roles.includes("teacher")));
}

/** The school's classes with their class teachers; the leadership opens a new class. */
export function ClassesPage() {
  const { t } = useTranslation("school");
  const classes = useClasses();
  const staff = usePersons("staff");
  const canWrite = useWorkplace().me.roles.some((r) => STRUCTURE_WRITERS.includes(r));
  const names = new Map((staff.data ?? []).map((p) => [p.id, fullName(p)]));

  return (
    <Flex vertical gap="middle">
      <Typography.Title level={1} style={{ margin: 0 }}>
        {t("classes.title")}
      </Typography.Title>
      {classes.error !== null && <Alert type="error" showIcon title={t("common.loadFailed", { message: classes.error.message })} />}
      <Table<SchoolClass>
        rowKey="id"
        size="middle"
        loading={classes.isPending}
        dataSource={classes.data ?? []}
        pagination={false}
        locale={{ emptyText: <EmptyText>{t("classes.empty")}</EmptyText> }}
        columns={[
          { title: t("classes.columns.name"), key: "name", render: (_, c) => <Link to={`/school/classes/${c.id}`}>{c.name}</Link> },
          {
            title: t("classes.columns.classTeacher"),
            key: "teacher",
            render: (_, c) =>
              c.class_teacher_id ? (names.get(c.class_teacher_id) ?? t("common.none")) : <Typography.Text type="secondary">{t("classes.noClassTeacher")}</Typography.Text>,
          },
        ]}
      />
      {canWrite && <CreateClassForm staff={staff.data ?? []} />}
    </Flex>
  );
}

interface Values {
  grade: number;
  letter: string;
  class_teacher_id?: string;
}

function CreateClassForm({ staff }: { staff: readonly Person[] }) {
  const { t, i18n } = useTranslation("school");
  const { t: common } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [problem, setProblem] = useState<ShownProblem | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: async (values: Values) =>
      unwrap(
        await api.schedule.POST("/schedule/classes", {
          body: { grade: values.grade, letter: values.letter.trim(), class_teacher_id: values.class_teacher_id ?? null },
        }),
      ),
    onSuccess: async (made) => {
      setProblem(null);
      setCreated(made.name);
      form.resetFields(["letter", "class_teacher_id"]);
      await queryClient.invalidateQueries({ queryKey: classKeys.all });
    },
    onError: (error) => {
      setCreated(null);
      setProblem(showProblemOnForm(form, error, i18n));
    },
  });
  const required = [{ required: true, message: common("problems.codes.missing") }];
  return (
    <Card title={<SectionTitle>{t("classes.create")}</SectionTitle>}>
      {created !== null && <Alert type="success" role="status" showIcon title={t("classes.created", { name: created })} style={{ marginBottom: 12 }} />}
      <ProblemAlert shown={problem} />
      <Form<Values>
        form={form}
        layout="inline"
        initialValues={{ grade: 1 }}
        aria-label={t("classes.create")}
        onFinish={(values) => {
          create.mutate(values);
        }}
        style={{ rowGap: 12, marginTop: problem ? 12 : 0 }}
      >
        <Form.Item name="grade" label={t("classes.grade")} rules={required}>
          <InputNumber min={1} max={11} precision={0} />
        </Form.Item>
        <Form.Item name="letter" label={t("classes.letter")} rules={[{ required: true, whitespace: true, message: common("problems.codes.missing") }]}>
          <Input maxLength={3} style={{ width: 80 }} />
        </Form.Item>
        <Form.Item name="class_teacher_id" label={t("classes.classTeacher")}>
          <Select allowClear showSearch={{ optionFilterProp: "label" }} style={{ minWidth: 260 }} options={teacherOptions(staff)} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={create.isPending}>
          {t("classes.submit")}
        </Button>
      </Form>
    </Card>
  );
}
