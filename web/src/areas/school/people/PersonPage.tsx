import { useQuery } from "@tanstack/react-query";
import { Alert, Card, Descriptions, Flex, Table, Tag, Typography } from "antd";
import dayjs from "dayjs";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";

import { useApi } from "../../../api/ApiContext";
import { unwrap } from "../../../api/client";
import type { components } from "../../../api/generated/identity";
import { Loading } from "../../../layout/Loading";
import { useWorkplace } from "../../../schools/workplace";
import { roleLabel } from "../../areas";
import { SectionTitle } from "../SectionTitle";
import { ConsentsCard } from "./ConsentsCard";
import { GuardiansCard } from "./GuardiansCard";
import { RolesCard } from "./RolesCard";
import { fullName, usePerson, usePersons, type Person } from "./queries";

type RoleChange = components["schemas"]["RoleChangeRead"];
const LEADERSHIP = ["director", "deputy-director", "school-admin"];
const ROSTER_KEEPERS = ["school-admin", "secretary"];

/** A person's card: who they are, their roles, their guardians or children, their consents
 * and the history of their roles. */
export function PersonPage() {
  const { personId = "" } = useParams();
  const { t } = useTranslation("school");
  const person = usePerson(personId);
  const roles = useWorkplace().me.roles;

  if (person.error !== null) {
    return <Alert type="error" showIcon title={t("common.loadFailed", { message: person.error.message })} />;
  }
  if (person.data === undefined) {
    return <Loading label={t("people.title")} />;
  }
  const data = person.data;
  const isAdmin = roles.includes("school-admin");
  return (
    <Flex vertical gap="middle">
      <Link to={`/school/people?kind=${data.kind}`}>← {t("person.back")}</Link>
      <Typography.Title level={1} style={{ margin: 0 }}>
        {fullName(data)}
      </Typography.Title>
      <Descriptions
        size="small"
        column={{ xs: 1, md: 3 }}
        items={[
          { key: "kind", label: t("person.kind"), children: t(`kind.${data.kind}`) },
          { key: "username", label: t("person.username"), children: data.username },
          {
            key: "since",
            label: data.left_at ? t("person.left") : t("person.since"),
            children: dayjs(data.left_at ?? data.created_at).format("DD.MM.YYYY"),
          },
        ]}
      />
      {!isAdmin && <Alert type="info" showIcon title={t("common.readOnly")} />}
      <RolesCard person={data} canEdit={isAdmin} />
      {data.kind !== "staff" && <GuardiansCard person={data} canEdit={isAdmin} />}
      <ConsentsCard person={data} canEdit={roles.some((r) => ROSTER_KEEPERS.includes(r))} />
      {roles.some((r) => LEADERSHIP.includes(r)) && <RoleHistory person={data} />}
    </Flex>
  );
}

function RoleHistory({ person }: { person: Person }) {
  const { t } = useTranslation("school");
  const { t: common } = useTranslation();
  const api = useApi();
  const staff = usePersons("staff");
  const changes = useQuery({
    queryKey: ["identity", "role-changes", person.id, person.roles.join(","), person.left_at ?? ""],
    queryFn: async () =>
      unwrap(await api.identity.GET("/identity/persons/{person_id}/role-changes", { params: { path: { person_id: person.id } } })),
  });
  const names = new Map((staff.data ?? []).map((p) => [p.id, fullName(p)]));
  return (
    <Card title={<SectionTitle>{t("person.history")}</SectionTitle>}>
      <Table<RoleChange>
        rowKey="id"
        size="small"
        pagination={false}
        loading={changes.isPending}
        dataSource={changes.data ?? []}
        columns={[
          { title: t("person.changedAt"), key: "at", render: (_, c) => dayjs(c.changed_at).format("DD.MM.YYYY HH:mm") },
          {
            title: t("person.roles"),
            key: "change",
            render: (_, c) => (
              <>
                {t(`person.change.${c.change}`)} {c.role && <Tag>{roleLabel(common, c.role)}</Tag>}
              </>
            ),
          },
          {
            title: t("person.changedBy"),
            key: "by",
            render: (_, c) => (c.changed_by ? (names.get(c.changed_by) ?? t("common.none")) : t("common.none")),
          },
        ]}
      />
    </Card>
  );
}
