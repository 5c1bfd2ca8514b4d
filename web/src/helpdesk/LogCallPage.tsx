import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button, Flex, Form, Input, Select, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";

import { useApi } from "../api/ApiContext";
import { unwrap } from "../api/client";
import { ProblemAlert } from "../forms/ProblemAlert";
import { showProblemOnForm, type ShownProblem } from "../forms/problems";
import { useSchoolNames } from "../oversight/schools";
import { RequestFields } from "./NewRequestPage";
import { helpdeskKeys, LOGGED_CHANNELS, STAFF_ROLES, type RequestLog } from "./queries";

/** The desk logs a call, visit, e-mail or chat on the caller's behalf (H1). */
export function LogCallPage() {
  const { t, i18n } = useTranslation("helpdesk");
  const api = useApi();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const schools = useSchoolNames();
  const [form] = Form.useForm<RequestLog>();
  const [problem, setProblem] = useState<ShownProblem | null>(null);
  const log = useMutation({
    mutationFn: async (values: RequestLog) => unwrap(await api.helpdesk.POST("/helpdesk/requests/logged", { body: values })),
    onSuccess: async (created) => {
      await queries.invalidateQueries({ queryKey: helpdeskKeys.all });
      void navigate(`../${created.id}`, { relative: "path" });
    },
    onError: (error) => {
      setProblem(showProblemOnForm(form, error, i18n, {}, "helpdesk"));
    },
  });
  return (
    <Flex vertical gap="middle" style={{ maxWidth: 720 }}>
      <Link to="..">{t("back")}</Link>
      <Typography.Title level={1} style={{ margin: 0 }}>
        {t("logCallTitle")}
      </Typography.Title>
      <ProblemAlert shown={problem} />
      <Form<RequestLog>
        form={form}
        layout="vertical"
        initialValues={{ channel: "phone", kind: "question", category: "technical", caller_role: "teacher" }}
        onFinish={(values) => {
          setProblem(null);
          log.mutate(values);
        }}
      >
        <Form.Item name="school_id" label={t("fields.school")} rules={[{ required: true }]}>
          <Select
            showSearch={{ optionFilterProp: "label" }}
            loading={schools.isPending}
            options={[...(schools.data ?? new Map<string, string>())].map(([value, label]) => ({ value, label }))}
          />
        </Form.Item>
        <Flex gap="middle" wrap>
          <Form.Item name="channel" label={t("fields.channel")} rules={[{ required: true }]} style={{ minWidth: 200 }}>
            <Select options={LOGGED_CHANNELS.map((value) => ({ value, label: t(`channel.${value}`) }))} />
          </Form.Item>
          <Form.Item name="caller_role" label={t("fields.callerRole")} rules={[{ required: true }]} style={{ minWidth: 240 }}>
            <Select options={STAFF_ROLES.map((value) => ({ value, label: t(`role.${value}`) }))} />
          </Form.Item>
        </Flex>
        <Form.Item name="caller_name" label={t("fields.callerName")} rules={[{ required: true, whitespace: true, max: 200 }]}>
          <Input maxLength={200} autoComplete="off" />
        </Form.Item>
        <RequestFields />
        <Button type="primary" htmlType="submit" loading={log.isPending}>
          {t("actions.log")}
        </Button>
      </Form>
    </Flex>
  );
}
