import { Button, Flex, Form, Input, Select, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { useMutation, useQueryClient } from "@tanstack/react-query";

import { useApi } from "../api/ApiContext";
import { unwrap } from "../api/client";
import { ProblemAlert } from "../forms/ProblemAlert";
import { showProblemOnForm, type ShownProblem } from "../forms/problems";
import { CATEGORIES, helpdeskKeys, KINDS, type RequestCreate } from "./queries";

/** A member of the school's staff opens a request to the district's working group (H1). */
export function NewRequestPage() {
  const { t, i18n } = useTranslation("helpdesk");
  const api = useApi();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [form] = Form.useForm<RequestCreate>();
  const [problem, setProblem] = useState<ShownProblem | null>(null);
  const create = useMutation({
    mutationFn: async (values: RequestCreate) => unwrap(await api.helpdesk.POST("/helpdesk/requests", { body: values })),
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
        {t("newRequest")}
      </Typography.Title>
      <ProblemAlert shown={problem} />
      <Form<RequestCreate>
        form={form}
        layout="vertical"
        initialValues={{ kind: "question", category: "technical" }}
        onFinish={(values) => {
          setProblem(null);
          create.mutate(values);
        }}
      >
        <RequestFields />
        <Button type="primary" htmlType="submit" loading={create.isPending}>
          {t("actions.create")}
        </Button>
      </Form>
    </Flex>
  );
}

/** Category, kind, subject and text: the fields every request has. */
export function RequestFields() {
  const { t } = useTranslation("helpdesk");
  return (
    <>
      <Flex gap="middle" wrap>
        <Form.Item name="category" label={t("fields.category")} rules={[{ required: true }]} style={{ minWidth: 240 }}>
          <Select options={CATEGORIES.map((value) => ({ value, label: t(`category.${value}`) }))} />
        </Form.Item>
        <Form.Item name="kind" label={t("fields.kind")} rules={[{ required: true }]} style={{ minWidth: 200 }}>
          <Select options={KINDS.map((value) => ({ value, label: t(`kind.${value}`) }))} />
        </Form.Item>
      </Flex>
      <Form.Item name="subject" label={t("fields.subject")} rules={[{ required: true, whitespace: true, max: 200 }]}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="text" label={t("fields.text")} rules={[{ required: true, whitespace: true, max: 10000 }]}>
        <Input.TextArea rows={6} maxLength={10000} />
      </Form.Item>
    </>
  );
}
