import { useQuery } from "@tanstack/react-query";
import { Alert, Flex, Table, Typography } from "antd";
import dayjs from "dayjs";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { useApi } from "../../../api/ApiContext";
import { unwrap } from "../../../api/client";
import type { components } from "../../../api/generated/identity";
import { useClasses } from "../classes/queries";
import { fullName, usePersons } from "../people/queries";
import { credentialIssueKeys } from "./queries";
import { EmptyText } from "../EmptyText";

type Issue = components["schemas"]["IssueRead"];

/** Who issued sign-in details to whom and when (the slips themselves are never kept). */
export function CredentialIssuesPage() {
  const { t } = useTranslation("school");
  const api = useApi();
  const issues = useQuery({
    queryKey: credentialIssueKeys.all,
    queryFn: async () => unwrap(await api.identity.GET("/identity/credential-issues")).sort((a, b) => b.issued_at.localeCompare(a.issued_at)),
  });
  const classes = useClasses();
  const staff = usePersons("staff");
  const classNames = new Map((classes.data ?? []).map((c) => [c.id, c.name]));
  const staffNames = new Map((staff.data ?? []).map((p) => [p.id, fullName(p)]));

  return (
    <Flex vertical gap="middle">
      <Typography.Title level={1} style={{ margin: 0 }}>
        {t("credentials.title")}
      </Typography.Title>
      {issues.error !== null && <Alert type="error" showIcon title={t("common.loadFailed", { message: issues.error.message })} />}
      <Table<Issue>
        rowKey="id"
        size="middle"
        loading={issues.isPending}
        dataSource={issues.data ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: <EmptyText>{t("credentials.empty")}</EmptyText> }}
        expandable={{
          expandedRowRender: (issue) => (
            <ul style={{ margin: 0 }}>
              {issue.persons.map((p) => (
                <li key={p.person_id}>
                  <Link to={`/school/people/${p.person_id}`}>{p.username}</Link> ({t(`kind.${p.kind as "student"}`)})
                </li>
              ))}
            </ul>
          ),
        }}
        columns={[
          { title: t("credentials.columns.when"), key: "when", render: (_, i) => dayjs(i.issued_at).format("DD.MM.YYYY HH:mm") },
          {
            title: t("credentials.columns.className"),
            key: "class",
            render: (_, i) => (i.class_id ? <Link to={`/school/classes/${i.class_id}`}>{classNames.get(i.class_id) ?? t("common.none")}</Link> : t("common.none")),
          },
          {
            title: t("credentials.columns.issuedBy"),
            key: "by",
            render: (_, i) => (i.issued_by ? (staffNames.get(i.issued_by) ?? t("common.none")) : t("common.none")),
          },
          { title: t("credentials.columns.persons"), key: "persons", render: (_, i) => t("credentials.persons", { count: i.persons.length }) },
        ]}
      />
    </Flex>
  );
}
