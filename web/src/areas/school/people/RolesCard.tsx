import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Card, Flex, Form, Popconfirm, Select, Tag } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { useApi } from "../../../api/ApiContext";
import { unwrap } from "../../../api/client";
import type { components } from "../../../api/generated/identity";
import { ProblemAlert } from "../../../forms/ProblemAlert";
import { problemText, showProblemOnForm, type ShownProblem } from "../../../forms/problems";
import { ApiError } from "../../../api/problem";
import { roleLabel } from "../../areas";
import { SectionTitle } from "../SectionTitle";
import { STAFF_ROLES } from "./CreatePersonForm";
import { personKeys, type Person } from "./queries";

type Role = components["schemas"]["Role"];

/** A person's roles at the school: the school admin adds and removes them, or ends the
 * person's membership; the rest of the leadership reads them. */
export function RolesCard({ person, canEdit }: { person: Person; canEdit: boolean }) {
  const { t, i18n } = useTranslation("school");
  const { t: common } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ roles: Role[] }>();
  const [problem, setProblem] = useState<ShownProblem | null>(null);
  const personId = person.id;
  const editable = canEdit && !person.left_at;

  async function refresh() {
    setProblem(null);
    await queryClient.invalidateQueries({ queryKey: personKeys.all });
  }
  function failed(error: unknown) {
    setProblem(
      error instanceof ApiError ? { summary: problemText(i18n, error.problem), unplaced: [] } : showProblemOnForm(form, error, i18n),
    );
  }

  const grant = useMutation({
    mutationFn: async (roles: Role[]) =>
      unwrap(await api.identity.POST("/identity/persons/{person_id}/roles", { params: { path: { person_id: personId } }, body: { roles } })),
    onSuccess: async () => {
      form.resetFields();
      await refresh();
    },
    onError: (error) => {
      setProblem(showProblemOnForm(form, error, i18n));
    },
  });
  const revoke = useMutation({
    mutationFn: async (role: Role) =>
      unwrap(await api.identity.DELETE("/identity/persons/{person_id}/roles/{role}", { params: { path: { person_id: personId, role } } })),
    onSuccess: refresh,
    onError: failed,
  });
  const endMembership = useMutation({
    mutationFn: async () =>
      unwrap(await api.identity.DELETE("/identity/persons/{person_id}/membership", { params: { path: { person_id: personId } } })),
    onSuccess: refresh,
    onError: failed,
  });

  const missing = STAFF_ROLES.filter((role) => !person.roles.includes(role));
  return (
    <Card title={<SectionTitle>{t("person.roles")}</SectionTitle>}>
      <Flex vertical gap="middle">
        <ProblemAlert shown={problem} />
        <Flex gap="small" wrap>
          {person.roles.length === 0 && <Alert type="warning" title={t("common.none")} />}
          {person.roles.map((role) => {
            const label = roleLabel(common, role);
            return (
              <Tag key={role} style={{ fontSize: 14, padding: "4px 8px" }}>
                {label}
                {editable && person.kind === "staff" && (
                  <Popconfirm
                    title={t("person.removeRoleConfirm", { role: label })}
                    okText={t("common.yes")}
                    cancelText={t("common.no")}
                    onConfirm={() => {
                      revoke.mutate(role as Role);
                    }}
                  >
                    <Button size="small" type="link" danger aria-label={t("person.removeRole", { role: label })}>
                      ×
                    </Button>
                  </Popconfirm>
                )}
              </Tag>
            );
          })}
        </Flex>
        {editable && person.kind === "staff" && missing.length > 0 && (
          <Form
            form={form}
            layout="inline"
            onFinish={(values) => {
              grant.mutate(values.roles);
            }}
          >
            <Form.Item name="roles" label={t("person.rolesToAdd")} rules={[{ required: true, message: common("problems.codes.missing") }]}>
              <Select<Role[]>
                mode="multiple"
                showSearch={{ optionFilterProp: "label" }}
                style={{ minWidth: 280 }}
                options={missing.map((role) => ({ value: role, label: roleLabel(common, role) }))}
              />
            </Form.Item>
            <Button htmlType="submit" loading={grant.isPending}>
              {t("person.addRoles")}
            </Button>
          </Form>
        )}
        {editable && (
          <div>
            <Popconfirm
              title={t("person.endMembershipConfirm")}
              okText={t("common.yes")}
              cancelText={t("common.no")}
              onConfirm={() => {
                endMembership.mutate();
              }}
            >
              <Button danger loading={endMembership.isPending}>
                {t("person.endMembership")}
              </Button>
            </Popconfirm>
          </div>
        )}
      </Flex>
    </Card>
  );
}
