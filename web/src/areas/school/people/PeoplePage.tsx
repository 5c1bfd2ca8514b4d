import { Alert, Button, Drawer, Flex, Input, Segmented, Table, Tag, Typography } from "antd";
import dayjs from "dayjs";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";

import { roleLabel } from "../../areas";
import { CreatePersonForm } from "./CreatePersonForm";
import { fullName, matchesSearch, PERSON_KINDS, useIsSchoolAdmin, usePersons, type Person, type PersonKind } from "./queries";
import { EmptyText } from "../EmptyText";

function kindOf(value: string | null): PersonKind {
  return PERSON_KINDS.find((kind) => kind === value) ?? "staff";
}

/** The school's people by kind, searched as one types; the school admin adds people here. */
export function PeoplePage() {
  const { t } = useTranslation("school");
  const { t: common } = useTranslation();
  const [params, setParams] = useSearchParams();
  const kind = kindOf(params.get("kind"));
  const search = params.get("q") ?? "";
  const persons = usePersons(kind);
  const isAdmin = useIsSchoolAdmin();
  const [adding, setAdding] = useState(false);

  const shown = useMemo(() => (persons.data ?? []).filter((p) => matchesSearch(p, search)), [persons.data, search]);

  function update(next: { kind?: PersonKind; q?: string }) {
    const merged = { kind, q: search, ...next };
    setParams(merged.q ? { kind: merged.kind, q: merged.q } : { kind: merged.kind }, { replace: true });
  }

  return (
    <Flex vertical gap="middle">
      <Flex justify="space-between" align="center" wrap gap="middle">
        <Typography.Title level={1} style={{ margin: 0 }}>
          {t("people.title")}
        </Typography.Title>
        {isAdmin && (
          <Button
            type="primary"
            onClick={() => {
              setAdding(true);
            }}
          >
            {t("people.add")}
          </Button>
        )}
      </Flex>
      <Flex gap="middle" wrap align="end">
        <div role="group" aria-label={t("people.kindFilter")}>
          <Segmented<PersonKind>
            value={kind}
            options={PERSON_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
            onChange={(value) => {
              update({ kind: value });
            }}
          />
        </div>
        <div style={{ flex: "1 1 320px", maxWidth: 480 }}>
          <Input.Search
            allowClear
            aria-label={t("people.search")}
            placeholder={t("people.searchPlaceholder")}
            value={search}
            onChange={(event) => {
              update({ q: event.target.value });
            }}
          />
        </div>
      </Flex>
      {persons.error !== null && <Alert type="error" showIcon title={t("common.loadFailed", { message: persons.error.message })} />}
      <Typography.Text type="secondary" aria-live="polite">
        {t("people.count", { count: shown.length })}
      </Typography.Text>
      <Table<Person>
        rowKey="id"
        size="middle"
        loading={persons.isPending}
        dataSource={shown}
        pagination={{ pageSize: 50, showSizeChanger: false, hideOnSinglePage: true }}
        locale={{ emptyText: <EmptyText>{t("people.empty")}</EmptyText> }}
        columns={[
          {
            title: t("people.columns.name"),
            key: "name",
            render: (_, person) => <Link to={`/school/people/${person.id}`}>{fullName(person)}</Link>,
          },
          { title: t("people.columns.username"), dataIndex: "username" },
          {
            title: t("people.columns.roles"),
            key: "roles",
            render: (_, person) => (
              <Flex gap={4} wrap>
                {person.roles.map((role) => (
                  <Tag key={role}>{roleLabel(common, role)}</Tag>
                ))}
              </Flex>
            ),
          },
          {
            title: t("people.columns.status"),
            key: "status",
            render: (_, person) =>
              person.left_at ? (
                <Tag>{t("people.left", { date: dayjs(person.left_at).format("DD.MM.YYYY") })}</Tag>
              ) : (
                <Typography.Text>{t("people.active")}</Typography.Text>
              ),
          },
        ]}
      />
      <Drawer
        open={adding}
        size={520}
        title={t("create.title")}
        destroyOnHidden
        onClose={() => {
          setAdding(false);
        }}
      >
        <CreatePersonForm initialKind={kind} />
      </Drawer>
    </Flex>
  );
}
