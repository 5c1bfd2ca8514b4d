import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Checkbox, Flex, Form, Switch, Table, Typography, type TableColumnsType } from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { useApi } from "../../../api/ApiContext";
import { unwrap } from "../../../api/client";
import { ProblemAlert } from "../../../forms/ProblemAlert";
import type { ShownProblem } from "../../../forms/problems";
import { Loading } from "../../../layout/Loading";
import { ClassScreen, type SchoolClass } from "../classes";
import { fileNameOf, saveFile } from "../../../files/download";
import { formatDate } from "../format";
import { showProblemOnForm } from "../../../forms/problems";
import { fullName, useClassPeople, type ClassParent, type ClassPeople, type ClassStudent } from "./queries";

export function ClassPeoplePage() {
  const { t } = useTranslation("classTeacher");
  return <ClassScreen title={t("people.title")}>{(schoolClass) => <PeopleOfClass schoolClass={schoolClass} />}</ClassScreen>;
}

/** Everyone a slip may be printed for: the students, and parents with a recorded application. */
export function eligible(people: ClassPeople): string[] {
  return people.students.flatMap((student) => [student.id, ...student.parents.filter((p) => p.application_on !== null).map((p) => p.id)]);
}

function PeopleOfClass({ schoolClass }: { schoolClass: SchoolClass }) {
  const { t } = useTranslation("classTeacher");
  const { t: common } = useTranslation();
  const people = useClassPeople(schoolClass.id);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  if (people.isPending) return <Loading label={common("app.loading")} />;
  if (people.isError) return <Alert type="error" showIcon title={t("failed")} />;
  const toggle = (personId: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(personId);
    else next.delete(personId);
    setSelected(next);
  };
  return (
    <Flex vertical gap="middle">
      <Typography.Paragraph style={{ maxWidth: 860 }}>{t("people.hint")}</Typography.Paragraph>
      <PeopleTable people={people.data} selected={selected} onToggle={toggle} />
      <SlipsForm classId={schoolClass.id} selected={selected} onSelectAll={() => { setSelected(new Set(eligible(people.data))); }} />
    </Flex>
  );
}

function Issued({ at }: { at: string | null }) {
  const { t } = useTranslation("classTeacher");
  return at === null ? <Typography.Text type="secondary">{t("people.never")}</Typography.Text> : <span>{formatDate(dayjs(at).format("YYYY-MM-DD"))}</span>;
}

function PersonCheck({ name, id, selected, onToggle }: { name: string; id: string; selected: ReadonlySet<string>; onToggle: (id: string, on: boolean) => void }) {
  const { t } = useTranslation("classTeacher");
  return (
    <Checkbox
      aria-label={t("people.select", { name })}
      checked={selected.has(id)}
      onChange={(event) => {
        onToggle(id, event.target.checked);
      }}
    />
  );
}

function ParentLine({ parent, selected, onToggle }: { parent: ClassParent; selected: ReadonlySet<string>; onToggle: (id: string, on: boolean) => void }) {
  const { t } = useTranslation("classTeacher");
  const name = fullName(parent);
  return (
    <li>
      <Flex gap="small" align="center" wrap>
        {parent.application_on !== null && <PersonCheck name={name} id={parent.id} selected={selected} onToggle={onToggle} />}
        <span>{name}</span>
        <Typography.Text code style={{ whiteSpace: "nowrap" }}>
          {parent.username}
        </Typography.Text>
        {parent.application_on === null ? (
          <Typography.Text type="secondary">{t("people.noApplication")}</Typography.Text>
        ) : (
          <>
            <span>{t("people.application", { date: formatDate(parent.application_on) })}</span>
            <span>
              {t("people.issued")}: <Issued at={parent.last_issued_at} />
            </span>
          </>
        )}
      </Flex>
    </li>
  );
}

function PeopleTable({ people, selected, onToggle }: { people: ClassPeople; selected: ReadonlySet<string>; onToggle: (id: string, on: boolean) => void }) {
  const { t } = useTranslation("classTeacher");
  const columns: TableColumnsType<ClassStudent> = [
    { key: "select", width: 48, render: (_v, student) => <PersonCheck name={fullName(student)} id={student.id} selected={selected} onToggle={onToggle} /> },
    { key: "number", title: t("people.number"), width: 48, render: (_v, _s, index) => index + 1 },
    { key: "name", title: t("people.name"), render: (_v, student) => <span style={{ whiteSpace: "nowrap" }}>{fullName(student)}</span> },
    { key: "login", title: t("people.login"), render: (_v, student) => <Typography.Text code style={{ whiteSpace: "nowrap" }}>
          {student.username}
        </Typography.Text> },
    { key: "issued", title: t("people.issued"), render: (_v, student) => <Issued at={student.last_issued_at} /> },
    {
      key: "parents",
      title: t("people.parents"),
      render: (_v, student) =>
        student.parents.length === 0 ? (
          <Typography.Text type="secondary">{t("people.noParents")}</Typography.Text>
        ) : (
          <ul className="okrug-plain-list" style={{ gap: 4 }}>
            {student.parents.map((parent) => (
              <ParentLine key={parent.id} parent={parent} selected={selected} onToggle={onToggle} />
            ))}
          </ul>
        ),
    },
  ];
  return <Table<ClassStudent> rowKey="id" columns={columns} dataSource={people.students} pagination={false} size="small" bordered />;
}

interface SlipsValues {
  reissue: boolean;
}

function SlipsForm({ classId, selected, onSelectAll }: { classId: string; selected: ReadonlySet<string>; onSelectAll: () => void }) {
  const { t, i18n } = useTranslation("classTeacher");
  const api = useApi();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<SlipsValues>();
  const [problem, setProblem] = useState<ShownProblem | null>(null);
  const print = useMutation({
    mutationFn: async ({ reissue }: SlipsValues) => {
      const result = await api.identity.POST("/identity/classes/{class_id}/credential-slips", {
        params: { path: { class_id: classId } },
        body: { include: ["students", "parents"], person_ids: [...selected], reissue },
        parseAs: "blob",
      });
      const blob: unknown = unwrap(result);
      if (!(blob instanceof Blob)) throw new Error("The slips came without a file");
      return { blob, fileName: fileNameOf(result.response, "credentials.pdf") };
    },
    onSuccess: ({ blob, fileName }) => {
      saveFile(blob, fileName);
      void message.success(t("people.printed", { file: fileName }));
      void queryClient.invalidateQueries({ queryKey: ["identity", "class-people", classId] });
    },
    onError: (error) => {
      setProblem(showProblemOnForm(form, error, i18n, {}, "classTeacher"));
    },
  });
  return (
    <Form<SlipsValues>
      form={form}
      layout="vertical"
      initialValues={{ reissue: false }}
      onFinish={(values) => {
        setProblem(null);
        if (selected.size === 0) {
          setProblem({ summary: t("people.nothingSelected"), unplaced: [] });
          return;
        }
        print.mutate(values);
      }}
      style={{ maxWidth: 860 }}
    >
      <ProblemAlert shown={problem} />
      <Flex gap="middle" align="center" wrap style={{ marginBottom: 16 }}>
        <Button onClick={onSelectAll}>{t("people.selectAll")}</Button>
        <span role="status">{t("people.selected", { count: selected.size })}</span>
      </Flex>
      <Form.Item name="reissue" label={t("people.reissue")} valuePropName="checked">
        <Switch />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={print.isPending}>
        {print.isPending ? t("people.printing") : t("people.print")}
      </Button>
    </Form>
  );
}
