import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Card, Flex, Form, List, Select, Typography } from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { useApi } from "../../../api/ApiContext";
import { unwrap } from "../../../api/client";
import { ProblemAlert } from "../../../forms/ProblemAlert";
import { showProblemOnForm, type ShownProblem } from "../../../forms/problems";
import { SectionTitle } from "../SectionTitle";
import { fullName, personOptions, usePersons, type Person } from "./queries";
import { EmptyText } from "../EmptyText";

export const guardianLinkKey = (personId: string) => ["identity", "guardian-links", personId] as const;

export function useGuardianLinks(personId: string) {
  const api = useApi();
  return useQuery({
    queryKey: guardianLinkKey(personId),
    queryFn: async () =>
      unwrap(await api.identity.GET("/identity/persons/{person_id}/guardian-links", { params: { path: { person_id: personId } } })),
  });
}

/** A student's parents or a parent's children at the school; the school admin links them. */
export function GuardiansCard({ person, canEdit }: { person: Person; canEdit: boolean }) {
  const { t, i18n } = useTranslation("school");
  const { t: common } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const links = useGuardianLinks(person.id);
  const isStudent = person.kind === "student";
  const others = usePersons(isStudent ? "parent" : "student");
  const [form] = Form.useForm<{ other_id: string }>();
  const [problem, setProblem] = useState<ShownProblem | null>(null);
  const otherField = isStudent ? "guardian_id" : "student_id";

  const link = useMutation({
    mutationFn: async (otherId: string) =>
      unwrap(
        await api.identity.POST("/identity/guardians", {
          body: isStudent ? { guardian_id: otherId, student_id: person.id } : { guardian_id: person.id, student_id: otherId },
        }),
      ),
    onSuccess: async (created) => {
      setProblem(null);
      form.resetFields();
      await queryClient.invalidateQueries({ queryKey: guardianLinkKey(created.guardian_id) });
      await queryClient.invalidateQueries({ queryKey: guardianLinkKey(created.student_id) });
    },
    onError: (error) => {
      // The service names guardian_id or student_id: both are this form's one field.
      setProblem(showProblemOnForm(form, error, i18n, { [otherField]: ["other_id"], guardian_id: ["other_id"], student_id: ["other_id"] }));
    },
  });

  const linked = new Set((links.data ?? []).map((l) => l.other_id));
  return (
    <Card title={<SectionTitle>{isStudent ? t("guardians.titleOfStudent") : t("guardians.titleOfParent")}</SectionTitle>}>
      <Flex vertical gap="middle">
        {links.error !== null && <Alert type="error" title={t("common.loadFailed", { message: links.error.message })} />}
        <List
          loading={links.isPending}
          dataSource={links.data ?? []}
          locale={{ emptyText: <EmptyText>{t("guardians.none")}</EmptyText> }}
          renderItem={(item) => (
            <List.Item>
              <Link to={`/school/people/${item.other_id}`}>
                {fullName({ last_name: item.other_last_name, first_name: item.other_first_name, middle_name: item.other_middle_name })}
              </Link>
              <Typography.Text type="secondary">{t("guardians.since", { date: dayjs(item.created_at).format("DD.MM.YYYY") })}</Typography.Text>
            </List.Item>
          )}
        />
        {canEdit && !person.left_at && (
          <>
            <ProblemAlert shown={problem} />
            <Form
              form={form}
              layout="inline"
              onFinish={(values) => {
                link.mutate(values.other_id);
              }}
            >
              <Form.Item
                name="other_id"
                label={isStudent ? t("guardians.linkParent") : t("guardians.linkChild")}
                rules={[{ required: true, message: common("problems.codes.missing") }]}
              >
                <Select
                  showSearch={{ optionFilterProp: "label" }}
                  style={{ minWidth: 320 }}
                  loading={others.isPending}
                  options={personOptions(others.data ?? []).filter((o) => !linked.has(o.value))}
                />
              </Form.Item>
              <Button htmlType="submit" loading={link.isPending}>
                {t("guardians.link")}
              </Button>
            </Form>
          </>
        )}
      </Flex>
    </Card>
  );
}
