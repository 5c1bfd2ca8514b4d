import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Button, DatePicker, Flex, Form, Input, Modal, Select, Space, Table, Tag, Typography } from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";

import { useApi } from "../../../api/ApiContext";
import { unwrap } from "../../../api/client";
import { ProblemAlert } from "../../../forms/ProblemAlert";
import { showProblemOnForm, type ShownProblem } from "../../../forms/problems";
import { ClassSelect } from "./ClassSelect";
import { formatDate, formatMoment, isoDay } from "./format";
import { nameLookup } from "./names";
import { useSchoolKey, useStaff, type Lesson } from "./queries";

/** Orange dark enough on its light ground for WCAG AA. */
const SUBSTITUTED_TAG = { color: "#ad4e00", background: "#fff7e6", borderColor: "#ffd591" };

interface SubstituteForm {
  teacher_id: string;
  reason: string;
}

function lessonTime(lesson: Lesson): string {
  return `${dayjs(lesson.starts_at).format("HH:mm")}–${dayjs(lesson.ends_at).format("HH:mm")}`;
}

function SubstituteModal({ lesson, onClose }: { lesson: Lesson; onClose: () => void }) {
  const { t, i18n } = useTranslation("schoolSchedule");
  const api = useApi();
  const school = useSchoolKey();
  const queryClient = useQueryClient();
  const staff = useStaff();
  const names = nameLookup(staff.data);
  const [form] = Form.useForm<SubstituteForm>();
  const [shown, setShown] = useState<ShownProblem | null>(null);
  const teachers = (staff.data ?? []).filter((person) => person.roles.includes("teacher") && person.left_at == null && person.id !== lesson.teacher_id);
  const assign = useMutation({
    mutationFn: async (values: SubstituteForm) =>
      unwrap(await api.schedule.PUT("/schedule/lessons/{lesson_id}/substitution", { params: { path: { lesson_id: lesson.id } }, body: values })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ["schedule", school, "lessons"] });
      await queryClient.invalidateQueries({ queryKey: ["schedule", school, "substitutions"] });
      onClose();
    },
    onError: (error) => {
      setShown(showProblemOnForm(form, error, i18n));
    },
  });
  return (
    <Modal open title={t("substitutions.assignTitle", { subject: lesson.subject_name, className: lesson.class_name })} onCancel={onClose} footer={null} destroyOnHidden>
      <Typography.Paragraph>
        {t("substitutions.lessonLine", {
          date: formatDate(lesson.starts_at),
          time: lessonTime(lesson),
          teacher: names(lesson.planned_teacher_id ?? lesson.teacher_id),
        })}
      </Typography.Paragraph>
      <ProblemAlert shown={shown} />
      <Form<SubstituteForm>
        form={form}
        layout="vertical"
        onFinish={(values) => {
          setShown(null);
          assign.mutate(values);
        }}
      >
        <Form.Item name="teacher_id" label={t("substitutions.substitute")} rules={[{ required: true, message: t("timetable.required") }]}>
          <Select showSearch={{ optionFilterProp: "label" }} options={teachers.map((person) => ({ value: person.id, label: names(person.id) }))} />
        </Form.Item>
        <Form.Item name="reason" label={t("substitutions.reason")} rules={[{ required: true, whitespace: true, message: t("timetable.required") }]}>
          <Input maxLength={500} placeholder={t("substitutions.reasonExample")} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={assign.isPending}>
            {t("substitutions.assign")}
          </Button>
          <Button onClick={onClose}>{t("timetable.cancel")}</Button>
        </Space>
      </Form>
    </Modal>
  );
}

function ChangesTable({ day, lessons }: { day: string; lessons: readonly Lesson[] }) {
  const { t } = useTranslation("schoolSchedule");
  const api = useApi();
  const school = useSchoolKey();
  const staff = useStaff();
  const names = nameLookup(staff.data);
  const changes = useQuery({
    queryKey: ["schedule", school, "substitutions", day],
    queryFn: async () => unwrap(await api.schedule.GET("/schedule/substitutions", { params: { query: { date_from: day, date_to: day } } })),
  });
  const lessonName = new Map(lessons.map((lesson) => [lesson.id, `${lesson.class_name}, ${lesson.subject_name}, ${lessonTime(lesson)}`]));
  return (
    <Table
      rowKey="id"
      size="small"
      loading={changes.isPending}
      pagination={false}
      dataSource={changes.data ?? []}
      caption={<span className="okrug-visually-hidden">{t("substitutions.logTitle")}</span>}
      columns={[
        { key: "at", title: t("substitutions.changedAt"), render: (_, change) => formatMoment(change.changed_at) },
        { key: "lesson", title: t("substitutions.lesson"), render: (_, change) => lessonName.get(change.lesson_id) ?? "—" },
        { key: "kind", title: t("substitutions.kind"), render: (_, change) => t(`substitutions.kinds.${change.kind}`) },
        {
          key: "teachers",
          title: t("substitutions.teachers"),
          render: (_, change) =>
            change.teacher_before === null && change.teacher_after === null
              ? names(change.planned_teacher_id)
              : `${names(change.teacher_before)} → ${names(change.teacher_after)}`,
        },
        { key: "reason", title: t("substitutions.reason"), dataIndex: "reason" },
        { key: "by", title: t("substitutions.changedBy"), render: (_, change) => names(change.changed_by) },
      ]}
    />
  );
}

/** The school's lessons of a day: the admin assigns a substitute (who then keeps the
 * lesson's journal) or takes the substitution back; the day's changes below. */
export function SubstitutionsPage() {
  const { t } = useTranslation("schoolSchedule");
  const api = useApi();
  const school = useSchoolKey();
  const queryClient = useQueryClient();
  const [search, setSearch] = useSearchParams();
  const day = search.get("date") ?? isoDay(dayjs());
  const classId = search.get("class") ?? undefined;
  const staff = useStaff();
  const names = nameLookup(staff.data);
  const [assigning, setAssigning] = useState<Lesson | null>(null);
  const lessons = useQuery({
    queryKey: ["schedule", school, "lessons", day, classId],
    queryFn: async () =>
      unwrap(await api.schedule.GET("/schedule/lessons", { params: { query: { date_from: day, date_to: day, class_id: classId ?? null, limit: 1000 } } })),
  });
  const remove = useMutation({
    mutationFn: async (lesson: Lesson) => unwrap(await api.schedule.DELETE("/schedule/lessons/{lesson_id}/substitution", { params: { path: { lesson_id: lesson.id } } })),
    onSettled: async () => {
      await queryClient.invalidateQueries({ queryKey: ["schedule", school, "lessons"] });
      await queryClient.invalidateQueries({ queryKey: ["schedule", school, "substitutions"] });
    },
  });
  const choose = (next: { date?: string; class?: string | undefined }) => {
    const merged = { date: next.date ?? day, class: "class" in next ? next.class : classId };
    setSearch(Object.fromEntries(Object.entries(merged).filter((entry): entry is [string, string] => entry[1] !== undefined)));
  };
  const sorted = [...(lessons.data ?? [])].sort((a, b) => a.starts_at.localeCompare(b.starts_at) || a.class_name.localeCompare(b.class_name, "ru"));

  return (
    <Flex vertical gap="middle">
      <Typography.Title level={1}>{t("substitutions.title")}</Typography.Title>
      <Flex gap="middle" wrap align="end">
        <Form.Item label={t("substitutions.date")} htmlFor="substitutions-date" style={{ marginBottom: 0 }}>
          <DatePicker
            id="substitutions-date"
            format="DD.MM.YYYY"
            allowClear={false}
            value={dayjs(day)}
            onChange={(value: dayjs.Dayjs | null) => {
              if (value !== null) choose({ date: isoDay(value) });
            }}
          />
        </Form.Item>
        <ClassSelect
          id="substitutions-class"
          value={classId}
          onChange={(id) => {
            choose({ class: id });
          }}
        />
        {classId !== undefined && (
          <Button
            onClick={() => {
              choose({ class: undefined });
            }}
          >
            {t("substitutions.allClasses")}
          </Button>
        )}
      </Flex>
      <Table
        rowKey="id"
        size="small"
        loading={lessons.isPending}
        pagination={false}
        scroll={{ x: 900 }}
        dataSource={sorted}
        caption={<span className="okrug-visually-hidden">{t("substitutions.lessonsCaption", { date: formatDate(day) })}</span>}
        locale={{ emptyText: t("substitutions.noLessons") }}
        columns={[
          { key: "time", title: t("substitutions.time"), render: (_, lesson) => lessonTime(lesson) },
          { key: "class", title: t("common.class"), dataIndex: "class_name" },
          {
            key: "subject",
            title: t("timetable.subject"),
            render: (_, lesson) => (lesson.group_name == null ? lesson.subject_name : `${lesson.subject_name} (${lesson.group_name})`),
          },
          { key: "planned", title: t("substitutions.planned"), render: (_, lesson) => names(lesson.planned_teacher_id ?? lesson.teacher_id) },
          {
            key: "teacher",
            title: t("substitutions.teacherOfRecord"),
            render: (_, lesson) => {
              const substituted = lesson.planned_teacher_id != null && lesson.planned_teacher_id !== lesson.teacher_id;
              return (
                <>
                  {names(lesson.teacher_id)} {substituted && <Tag style={SUBSTITUTED_TAG}>{t("substitutions.substituted")}</Tag>}
                  {lesson.status === "cancelled" && <Tag>{t("substitutions.cancelled")}</Tag>}
                </>
              );
            },
          },
          {
            key: "actions",
            title: t("substitutions.actions"),
            render: (_, lesson) => {
              if (lesson.status !== "planned") return null;
              const substituted = lesson.planned_teacher_id != null && lesson.planned_teacher_id !== lesson.teacher_id;
              const what = `${lesson.class_name}, ${lesson.subject_name}, ${lessonTime(lesson)}`;
              return substituted ? (
                <Button
                  size="small"
                  aria-label={t("substitutions.removeLabel", { what })}
                  loading={remove.isPending && remove.variables.id === lesson.id}
                  onClick={() => {
                    remove.mutate(lesson);
                  }}
                >
                  {t("substitutions.remove")}
                </Button>
              ) : (
                <Button
                  size="small"
                  aria-label={t("substitutions.assignLabel", { what })}
                  onClick={() => {
                    setAssigning(lesson);
                  }}
                >
                  {t("substitutions.assign")}
                </Button>
              );
            },
          },
        ]}
      />
      <Typography.Title level={2} style={{ fontSize: 20 }}>
        {t("substitutions.logTitle")}
      </Typography.Title>
      <ChangesTable day={day} lessons={lessons.data ?? []} />
      {assigning !== null && (
        <SubstituteModal
          lesson={assigning}
          onClose={() => {
            setAssigning(null);
          }}
        />
      )}
    </Flex>
  );
}
