import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Card, Flex, Form, Input, InputNumber, Select, Space, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { useApi } from "../../../api/ApiContext";
import { unwrap } from "../../../api/client";
import type { components } from "../../../api/generated/journal";
import { ProblemAlert } from "../../../forms/ProblemAlert";
import { showProblemOnForm, type ShownProblem } from "../../../forms/problems";
import { useWorkplace } from "../../../schools/workplace";
import { formatDate } from "./format";
import { policyUpdate, toPolicyForm, type PolicyForm } from "./policyForm";
import { usePolicy, useSchoolKey, type Policy } from "./queries";

type Deadlines = components["schemas"]["Deadlines"];

const EDIT_WINDOWS = ["1-week", "2-weeks", "3-weeks", "1-month", "year-end"] as const;
const DEADLINE_KINDS = ["current", "test", "written", "exempt"] as const;
const DAY_FIELDS: (keyof Omit<Deadlines, "attendance">)[] = [
  "topics_days",
  "homework_days",
  "current_marks_days",
  "test_marks_days",
  "written_work_days",
  "period_marks_working_days",
];

/** Who may set the policy: the school admin and the director; others read it. */
function useCanWrite(): boolean {
  const { school } = useWorkplace();
  return (school?.roles ?? []).some((role) => role === "school-admin" || role === "director");
}

function Origin({ policy, field }: { policy: Policy; field: string }) {
  const { t } = useTranslation("schoolSchedule");
  if (policy.district_locked.includes(field)) return <Tag color="red">{t("policy.locked")}</Tag>;
  if (policy.school_overrides.includes(field)) return <Tag color="blue">{t("policy.school")}</Tag>;
  return <Tag>{t("policy.district")}</Tag>;
}

function PolicyEditor({ policy }: { policy: Policy }) {
  const { t, i18n } = useTranslation("schoolSchedule");
  const api = useApi();
  const school = useSchoolKey();
  const queryClient = useQueryClient();
  const canWrite = useCanWrite();
  const [form] = Form.useForm<PolicyForm>();
  const [shown, setShown] = useState<ShownProblem | null>(null);
  const [saved, setSaved] = useState(false);
  const locked = (field: string) => !canWrite || policy.district_locked.includes(field);
  const save = useMutation({
    mutationFn: async (values: PolicyForm) => unwrap(await api.journal.PUT("/journal/policy", { body: policyUpdate(policy, values) })),
    onSuccess: (updated) => {
      queryClient.setQueryData(["journal", school, "policy"], updated);
      form.setFieldsValue(toPolicyForm(updated));
      setSaved(true);
    },
    onError: (error) => {
      setShown(showProblemOnForm(form, error, i18n));
    },
  });

  return (
    <Form<PolicyForm>
      form={form}
      layout="vertical"
      initialValues={toPolicyForm(policy)}
      disabled={!canWrite}
      onValuesChange={() => {
        setSaved(false);
      }}
      onFinish={(values) => {
        setShown(null);
        save.mutate(values);
      }}
    >
      <Flex vertical gap="middle">
        {!canWrite && <Alert type="info" showIcon title={t("policy.readOnly")} />}
        <ProblemAlert shown={shown} />
        {saved && <Alert type="success" showIcon role="status" title={t("policy.saved")} />}
        <Card title={t("policy.marks")} size="small">
          <Flex gap="large" wrap>
            <Form.Item name="scale" label={<Space>{t("policy.scale")}<Origin policy={policy} field="scale" /></Space>}>
              <Select
                style={{ minWidth: 220 }}
                disabled={locked("scale")}
                options={[
                  { value: "five-point", label: t("policy.scales.five-point") },
                  { value: "pass-fail", label: t("policy.scales.pass-fail") },
                ]}
              />
            </Form.Item>
            <Form.Item name="edit_window" label={<Space>{t("policy.editWindow")}<Origin policy={policy} field="edit_window" /></Space>}>
              <Select style={{ minWidth: 220 }} disabled={locked("edit_window")} options={EDIT_WINDOWS.map((value) => ({ value, label: t(`policy.editWindows.${value}`) }))} />
            </Form.Item>
          </Flex>
        </Card>
        <Card title={<Space>{t("policy.workTypes")}<Origin policy={policy} field="work_types" /></Space>} size="small">
          <Form.List name="work_types">
            {(fields, { add, remove }) => (
              <Flex vertical gap="small">
                {fields.map((field) => (
                  <Flex key={field.key} gap="small" wrap align="end">
                    <Form.Item name={[field.name, "title_ru"]} label={t("policy.workTypeTitle")} rules={[{ required: true, whitespace: true, message: t("timetable.required") }]} style={{ marginBottom: 0 }}>
                      <Input disabled={locked("work_types")} style={{ width: 240 }} />
                    </Form.Item>
                    <Form.Item name={[field.name, "code"]} label={t("policy.workTypeCode")} rules={[{ required: true, message: t("timetable.required") }]} style={{ marginBottom: 0 }}>
                      <Input disabled={locked("work_types")} style={{ width: 140 }} />
                    </Form.Item>
                    <Form.Item name={[field.name, "weight"]} label={t("policy.weight")} rules={[{ required: true, message: t("timetable.required") }]} style={{ marginBottom: 0 }}>
                      <InputNumber disabled={locked("work_types")} min={0.01} max={10} step={0.5} decimalSeparator="," />
                    </Form.Item>
                    <Form.Item name={[field.name, "deadline"]} label={t("policy.deadlineKind")} style={{ marginBottom: 0 }}>
                      <Select disabled={locked("work_types")} style={{ width: 220 }} options={DEADLINE_KINDS.map((value) => ({ value, label: t(`policy.deadlineKinds.${value}`) }))} />
                    </Form.Item>
                    <Button
                      disabled={locked("work_types") || fields.length === 1}
                      onClick={() => {
                        remove(field.name);
                      }}
                      aria-label={t("policy.removeWorkType", { number: field.name + 1 })}
                    >
                      {t("policy.remove")}
                    </Button>
                  </Flex>
                ))}
                <Button
                  disabled={locked("work_types")}
                  onClick={() => {
                    add({ code: "", title_ru: "", weight: 1, deadline: "current" });
                  }}
                  style={{ alignSelf: "start" }}
                >
                  {t("policy.addWorkType")}
                </Button>
              </Flex>
            )}
          </Form.List>
        </Card>
        <Card title={<Space>{t("policy.deadlines")}<Origin policy={policy} field="deadlines" /></Space>} size="small">
          <Typography.Paragraph type="secondary">{t("policy.deadlinesHint")}</Typography.Paragraph>
          <Flex gap="large" wrap>
            <Form.Item name={["deadlines", "attendance", "days"]} label={t("policy.deadlineFields.attendance_days")}>
              <InputNumber disabled={locked("deadlines")} min={0} max={30} />
            </Form.Item>
            <Form.Item name={["deadlines", "attendance", "minutes_after_start"]} label={t("policy.deadlineFields.attendance_minutes")}>
              <InputNumber disabled={locked("deadlines")} min={1} max={1440} />
            </Form.Item>
            {DAY_FIELDS.map((name) => (
              <Form.Item key={name} name={["deadlines", name]} label={t(`policy.deadlineFields.${name}`)}>
                <InputNumber disabled={locked("deadlines")} min={0} max={30} />
              </Form.Item>
            ))}
          </Flex>
        </Card>
        <Card title={<Space>{t("policy.calendar")}<Tag>{t("policy.fromCalendar")}</Tag></Space>} size="small">
          <Flex vertical gap="small">
            {policy.calendar_year === null ? (
              <Alert type="warning" showIcon title={t("policy.noCalendar")} />
            ) : (
              <Typography.Text type="secondary">{t("policy.calendarYear", { year: policy.calendar_year })}</Typography.Text>
            )}
            <Typography.Text>
              {t("policy.weekendLabel")}: {policy.weekend_days.map((day) => t(`policy.weekdays.${String(day)}` as "policy.weekdays.0")).join(", ")}
            </Typography.Text>
            <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
              {t("policy.periods")}
            </Typography.Title>
            <Table
              rowKey="code"
              size="small"
              pagination={false}
              dataSource={policy.study_periods}
              locale={{ emptyText: t("policy.noPeriods") }}
              columns={[
                { key: "code", title: t("policy.periodCode"), dataIndex: "code" },
                { key: "kind", title: t("policy.periodKind"), render: (_, period) => t(`policy.periodKinds.${period.kind}`) },
                { key: "from", title: t("policy.periodFrom"), render: (_, period) => formatDate(period.starts_on) },
                { key: "to", title: t("policy.periodTo"), render: (_, period) => formatDate(period.ends_on) },
              ]}
            />
            <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
              {t("policy.holidays")}
            </Typography.Title>
            <Typography.Paragraph data-testid="policy-holidays" style={{ margin: 0 }}>
              {policy.holidays.length === 0 ? t("policy.noHolidays") : policy.holidays.map(formatDate).join(", ")}
            </Typography.Paragraph>
            <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
              {t("policy.timeZone", { zone: policy.time_zone })}
            </Typography.Paragraph>
          </Flex>
        </Card>
        {canWrite && (
          <Button type="primary" htmlType="submit" loading={save.isPending} style={{ alignSelf: "start" }}>
            {t("policy.save")}
          </Button>
        )}
      </Flex>
    </Form>
  );
}

/** The school's journal policy (J3-J6): the scale, work types and their weights, entry
 * deadlines, the edit window; which the school set and which the district did. The study
 * periods, holidays and days off are shown as the school's calendar in schedule has them (S1). */
export function PolicyPage() {
  const { t } = useTranslation("schoolSchedule");
  const policy = usePolicy();
  return (
    <Flex vertical gap="middle">
      <Typography.Title level={1}>{t("policy.title")}</Typography.Title>
      {policy.data !== undefined && <PolicyEditor policy={policy.data} />}
    </Flex>
  );
}
