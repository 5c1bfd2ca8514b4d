import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Checkbox, Form, Input, Radio, Typography, type InputRef } from "antd";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { useApi } from "../../../api/ApiContext";
import { unwrap } from "../../../api/client";
import type { components } from "../../../api/generated/identity";
import { roleLabel } from "../../areas";
import { ProblemAlert } from "../../../forms/ProblemAlert";
import { showProblemOnForm, type ShownProblem } from "../../../forms/problems";
import { fullName, personKeys, PERSON_KINDS, type PersonKind } from "./queries";
import { atLeastOne } from "../rules";

type Created = components["schemas"]["PersonCreated"];
type Role = components["schemas"]["Role"];

/** The roles a staff member may hold at a school, in the order a school lists them. */
export const STAFF_ROLES: readonly Role[] = ["teacher", "class-teacher", "deputy-director", "director", "secretary", "school-admin"];

interface Values {
  kind: PersonKind;
  last_name: string;
  first_name: string;
  middle_name?: string;
  roles?: Role[];
  username?: string;
  password?: string;
}

/** The school admin creates people one after the other (August: a whole roll): the kind and
 * roles stay chosen, the names are cleared, the one-time password is shown once. */
export function CreatePersonForm({ initialKind }: { initialKind: PersonKind }) {
  const { t, i18n } = useTranslation("school");
  const { t: common } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch("kind", form);
  const [problem, setProblem] = useState<ShownProblem | null>(null);
  const [created, setCreated] = useState<Created | null>(null);
  const lastName = useRef<InputRef>(null);

  const create = useMutation({
    mutationFn: async (values: Values) =>
      unwrap(
        await api.identity.POST("/identity/persons", {
          body: {
            kind: values.kind,
            last_name: values.last_name,
            first_name: values.first_name,
            middle_name: values.middle_name?.trim() ? values.middle_name : null,
            roles: values.kind === "staff" ? (values.roles ?? []) : [],
            username: values.username?.trim() ? values.username.trim() : null,
            password: values.password?.length ? values.password : null,
          },
        }),
      ),
    onSuccess: async (person) => {
      setProblem(null);
      setCreated(person);
      form.resetFields(["last_name", "first_name", "middle_name", "username", "password"]);
      lastName.current?.focus();
      await queryClient.invalidateQueries({ queryKey: personKeys.all });
    },
    onError: (error) => {
      setCreated(null);
      setProblem(showProblemOnForm(form, error, i18n));
    },
  });

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      initialValues={{ kind: initialKind, roles: ["teacher"] }}
      onFinish={(values) => {
        create.mutate(values);
      }}
      aria-label={t("create.title")}
    >
      {created !== null && (
        <Alert
          type="success"
          showIcon
          role="status"
          style={{ marginBottom: 16 }}
          title={t("create.created", { name: fullName(created), username: created.username })}
          description={
            <>
              {created.one_time_password && (
                <Typography.Paragraph copyable={{ text: created.one_time_password }} style={{ marginBottom: 4 }}>
                  {t("create.oneTime", { password: created.one_time_password })}
                </Typography.Paragraph>
              )}
              <Link to={`/school/people/${created.id}`} style={{ textDecoration: "underline" }}>
                {t("create.openCard")}
              </Link> · {t("create.next")}
            </>
          }
        />
      )}
      <ProblemAlert shown={problem} />
      <Form.Item name="kind" label={t("create.kind")}>
        <Radio.Group optionType="button" options={PERSON_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))} />
      </Form.Item>
      <Form.Item name="last_name" label={t("create.lastName")} rules={[{ required: true, whitespace: true, message: common("problems.codes.missing") }]}>
        <Input ref={lastName} autoFocus autoComplete="off" maxLength={100} />
      </Form.Item>
      <Form.Item name="first_name" label={t("create.firstName")} rules={[{ required: true, whitespace: true, message: common("problems.codes.missing") }]}>
        <Input autoComplete="off" maxLength={100} />
      </Form.Item>
      <Form.Item name="middle_name" label={t("create.middleName")}>
        <Input autoComplete="off" maxLength={100} />
      </Form.Item>
      {kind === "staff" && (
        <Form.Item name="roles" label={t("create.roles")} rules={[atLeastOne(common("problems.codes.missing"))]}>
          <Checkbox.Group options={STAFF_ROLES.map((role) => ({ value: role, label: roleLabel(common, role) }))} />
        </Form.Item>
      )}
      <Form.Item name="username" label={t("create.username")} extra={t("create.usernameHelp")}>
        <Input autoComplete="off" maxLength={64} />
      </Form.Item>
      <Form.Item name="password" label={t("create.password")} extra={t("create.passwordHelp")}>
        <Input.Password autoComplete="new-password" maxLength={128} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={create.isPending}>
        {t("create.submit")}
      </Button>
    </Form>
  );
}
