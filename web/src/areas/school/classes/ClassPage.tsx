import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Card, DatePicker, Flex, Form, Popconfirm, Select, Table, Typography } from "antd";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";

import { useApi } from "../../../api/ApiContext";
import { unwrap } from "../../../api/client";
import { ProblemAlert } from "../../../forms/ProblemAlert";
import { showProblemOnForm, type ShownProblem } from "../../../forms/problems";
import { Loading } from "../../../layout/Loading";
import { useWorkplace } from "../../../schools/workplace";
import { fullName, personOptions, usePersons, type Person } from "../people/queries";
import { SectionTitle } from "../SectionTitle";
import { CredentialSlipsCard } from "./CredentialSlipsCard";
import { teacherOptions } from "./ClassesPage";
import { classKeys, useClassMembers, type SchoolClass } from "./queries";
import { EmptyText } from "../EmptyText";

const LEADERSHIP = ["director", "deputy-director", "school-admin"];
const ROSTER_WRITERS = [...LEADERSHIP, "secretary"];

/** One class: its class teacher, its students (enrol, take out), its sign-in slips. */
export function ClassPage() {
  const { classId = "" } = useParams();
  const { t } = useTranslation("school");
  const api = useApi();
  const roles = useWorkplace().me.roles;
  const schoolClass = useQuery({
    queryKey: [...classKeys.all, classId],
    queryFn: async () => unwrap(await api.schedule.GET("/schedule/classes/{class_id}", { params: { path: { class_id: classId } } })),
  });
  if (schoolClass.error !== null) {
    return <Alert type="error" showIcon title={t("common.loadFailed", { message: schoolClass.error.message })} />;
  }
  if (schoolClass.data === undefined) {
    return <Loading label={t("classes.title")} />;
  }
  const data = schoolClass.data;
  return (
    <Flex vertical gap="middle">
      <Link to="/school/classes">← {t("classes.back")}</Link>
      <Typography.Title level={1} style={{ margin: 0 }}>
        {t("classes.classTitle", { name: data.name })}
      </Typography.Title>
      <ClassTeacherCard schoolClass={data} canEdit={roles.some((r) => LEADERSHIP.includes(r))} />
      <MembersCard schoolClass={data} canEdit={roles.some((r) => ROSTER_WRITERS.includes(r))} />
      {roles.includes("school-admin") && <CredentialSlipsCard schoolClass={data} />}
    </Flex>
  );
}

function ClassTeacherCard({ schoolClass, canEdit }: { schoolClass: SchoolClass; canEdit: boolean }) {
  const { t, i18n } = useTranslation("school");
  const api = useApi();
  const queryClient = useQueryClient();
  const staff = usePersons("staff");
  const [form] = Form.useForm<{ class_teacher_id?: string }>();
  const [problem, setProblem] = useState<ShownProblem | null>(null);
  const [saved, setSaved] = useState(false);
  const assign = useMutation({
    mutationFn: async (teacherId: string | null) =>
      unwrap(
        await api.schedule.PATCH("/schedule/classes/{class_id}", {
          params: { path: { class_id: schoolClass.id } },
          body: { class_teacher_id: teacherId },
        }),
      ),
    onSuccess: async () => {
      setProblem(null);
      setSaved(true);
      await queryClient.invalidateQueries({ queryKey: classKeys.all });
    },
    onError: (error) => {
      setSaved(false);
      setProblem(showProblemOnForm(form, error, i18n));
    },
  });
  const current = (staff.data ?? []).find((p) => p.id === schoolClass.class_teacher_id);
  return (
    <Card title={<SectionTitle>{t("classes.classTeacher")}</SectionTitle>}>
      {!canEdit && <Typography.Text>{current ? fullName(current) : t("classes.noClassTeacher")}</Typography.Text>}
      {canEdit && (
        <>
          {saved && <Alert type="success" role="status" showIcon title={t("classes.classTeacherSaved")} style={{ marginBottom: 12 }} />}
          <ProblemAlert shown={problem} />
          <Form
            form={form}
            layout="inline"
            initialValues={{ class_teacher_id: schoolClass.class_teacher_id ?? undefined }}
            onFinish={(values) => {
              assign.mutate(values.class_teacher_id ?? null);
            }}
          >
            <Form.Item name="class_teacher_id" label={t("classes.classTeacher")}>
              <Select
                allowClear
                showSearch={{ optionFilterProp: "label" }}
                style={{ minWidth: 280 }}
                loading={staff.isPending}
                options={teacherOptions(staff.data ?? [])}
              />
            </Form.Item>
            <Button htmlType="submit" loading={assign.isPending}>
              {t("classes.setClassTeacher")}
            </Button>
          </Form>
        </>
      )}
    </Card>
  );
}

function MembersCard({ schoolClass, canEdit }: { schoolClass: SchoolClass; canEdit: boolean }) {
  const { t, i18n } = useTranslation("school");
  const { t: common } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const members = useClassMembers(schoolClass.id);
  const students = usePersons("student");
  const [form] = Form.useForm<{ student_id: string; since?: Dayjs }>();
  const [problem, setProblem] = useState<ShownProblem | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  const byId = new Map((students.data ?? []).map((p) => [p.id, p]));
  const inClass = new Set(members.data ?? []);
  const rows: Person[] = (members.data ?? []).flatMap((id) => byId.get(id) ?? []).sort((a, b) => fullName(a).localeCompare(fullName(b), "ru"));

  async function refresh() {
    setProblem(null);
    await queryClient.invalidateQueries({ queryKey: classKeys.members(schoolClass.id) });
  }
  const add = useMutation({
    mutationFn: async (values: { student_id: string; since?: Dayjs }) =>
      unwrap(
        await api.schedule.POST("/schedule/classes/{class_id}/members", {
          params: { path: { class_id: schoolClass.id } },
          body: { student_id: values.student_id, since: values.since ? values.since.format("YYYY-MM-DD") : null },
        }),
      ),
    onSuccess: async (member) => {
      const student = byId.get(member.student_id);
      setAdded(student ? fullName(student) : null);
      form.resetFields(["student_id"]);
      await refresh();
    },
    onError: (error) => {
      setAdded(null);
      setProblem(showProblemOnForm(form, error, i18n));
    },
  });
  const leave = useMutation({
    mutationFn: async (studentId: string) =>
      unwrap(
        await api.schedule.POST("/schedule/classes/{class_id}/members/{student_id}/leave", {
          params: { path: { class_id: schoolClass.id, student_id: studentId } },
          body: {},
        }),
      ),
    onSuccess: refresh,
    onError: (error) => {
      setProblem(showProblemOnForm(form, error, i18n));
    },
  });

  return (
    <Card title={<SectionTitle>{t("classes.members", { count: rows.length })}</SectionTitle>}>
      <Flex vertical gap="middle">
        {members.error !== null && <Alert type="error" title={t("common.loadFailed", { message: members.error.message })} />}
        {added !== null && <Alert type="success" role="status" showIcon title={t("classes.memberAdded", { name: added })} />}
        <ProblemAlert shown={problem} />
        {canEdit && (
          <Form
            form={form}
            layout="inline"
            aria-label={t("classes.addMember")}
            onFinish={(values) => {
              add.mutate(values);
            }}
            style={{ rowGap: 12 }}
          >
            <Form.Item name="student_id" label={t("classes.addStudent")} rules={[{ required: true, message: common("problems.codes.missing") }]}>
              <Select
                showSearch={{ optionFilterProp: "label" }}
                style={{ minWidth: 320 }}
                loading={students.isPending}
                options={personOptions(students.data ?? []).filter((o) => !inClass.has(o.value))}
              />
            </Form.Item>
            <Form.Item name="since" label={t("classes.addSince")} tooltip={t("classes.addSinceHelp")}>
              <DatePicker format="DD.MM.YYYY" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={add.isPending}>
              {t("classes.addMember")}
            </Button>
          </Form>
        )}
        <Table<Person>
          rowKey="id"
          size="small"
          pagination={false}
          loading={members.isPending || students.isPending}
          dataSource={rows}
          locale={{ emptyText: <EmptyText>{t("classes.noMembers")}</EmptyText> }}
          columns={[
            { title: "№", key: "n", width: 56, render: (_, __, index) => index + 1 },
            { title: t("people.columns.name"), key: "name", render: (_, p) => <Link to={`/school/people/${p.id}`}>{fullName(p)}</Link> },
            { title: t("people.columns.username"), dataIndex: "username" },
            ...(canEdit
              ? [
                  {
                    title: <span className="okrug-visually-hidden">{t("classes.leave")}</span>,
                    key: "leave",
                    render: (_: unknown, p: Person) => (
                      <Popconfirm
                        title={t("classes.leaveConfirm", { name: fullName(p) })}
                        okText={t("common.yes")}
                        cancelText={t("common.no")}
                        onConfirm={() => {
                          leave.mutate(p.id);
                        }}
                      >
                        <Button size="small" danger aria-label={`${t("classes.leave")}: ${fullName(p)}`}>
                          {t("classes.leave")}
                        </Button>
                      </Popconfirm>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Flex>
    </Card>
  );
}
