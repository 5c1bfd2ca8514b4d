import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Card, Checkbox, Flex, Form, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { useApi } from "../../../api/ApiContext";
import { ApiError, toProblem } from "../../../api/problem";
import { ProblemAlert } from "../../../forms/ProblemAlert";
import { showProblemOnForm, type ShownProblem } from "../../../forms/problems";
import { saveFile } from "../../../files/download";
import { SectionTitle } from "../SectionTitle";
import { credentialIssueKeys } from "../credentials/queries";
import type { SchoolClass } from "./queries";
import { atLeastOne } from "../rules";

interface Values {
  include: ("students" | "parents")[];
  reissue: boolean;
}

/** One-time passwords for the class's students and their parents, as a PDF of slips to print
 * (shown once: only the fact of the issue is stored). */
export function CredentialSlipsCard({ schoolClass }: { schoolClass: SchoolClass }) {
  const { t, i18n } = useTranslation("school");
  const { t: common } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [problem, setProblem] = useState<ShownProblem | null>(null);
  const [issued, setIssued] = useState(false);
  const issue = useMutation({
    mutationFn: async (values: Values) => {
      const { data, error, response } = await api.identity.POST("/identity/classes/{class_id}/credential-slips", {
        params: { path: { class_id: schoolClass.id } },
        body: { include: values.include, reissue: values.reissue },
        parseAs: "blob",
      });
      if (!response.ok || data === undefined) {
        throw new ApiError(toProblem(response.status, error));
      }
      return data;
    },
    onSuccess: async (pdf) => {
      setProblem(null);
      setIssued(true);
      saveFile(pdf, `${schoolClass.name}.pdf`);
      await queryClient.invalidateQueries({ queryKey: credentialIssueKeys.all });
    },
    onError: (error) => {
      setIssued(false);
      setProblem(showProblemOnForm(form, error, i18n));
    },
  });
  return (
    <Card title={<SectionTitle>{t("slips.title")}</SectionTitle>}>
      <Flex vertical gap="middle">
        <Typography.Paragraph style={{ margin: 0 }}>{t("slips.hint")}</Typography.Paragraph>
        {issued && <Alert type="success" role="status" showIcon title={t("slips.issued")} />}
        <ProblemAlert shown={problem} />
        <Form<Values>
          form={form}
          layout="vertical"
          initialValues={{ include: ["students", "parents"], reissue: false }}
          onFinish={(values) => {
            issue.mutate(values);
          }}
        >
          <Form.Item name="include" label={t("slips.include")} rules={[atLeastOne(common("problems.codes.missing"))]}>
            <Checkbox.Group
              options={[
                { value: "students", label: t("slips.students") },
                { value: "parents", label: t("slips.parents") },
              ]}
            />
          </Form.Item>
          <Form.Item name="reissue" valuePropName="checked">
            <Checkbox>{t("slips.reissue")}</Checkbox>
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={issue.isPending}>
            {t("slips.issue")}
          </Button>
        </Form>
      </Flex>
    </Card>
  );
}
