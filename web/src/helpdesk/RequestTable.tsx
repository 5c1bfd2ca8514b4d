import { Table } from "antd";
import dayjs from "dayjs";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { EmptyText } from "../areas/school/EmptyText";
import type { HelpRequest } from "./queries";
import { StatusTag } from "./StatusTag";

interface Props {
  requests: HelpRequest[] | undefined;
  loading: boolean;
  /** The district's log shows each request's school and assignee. */
  schoolNames?: Map<string, string>;
  assigneeLabel?: (id: string | null) => string;
}

/** The requests, newest first: each subject opens the request's page (`<id>` below the list). */
export function RequestTable({ requests, loading, schoolNames, assigneeLabel }: Props) {
  const { t } = useTranslation("helpdesk");
  return (
    <Table<HelpRequest>
      rowKey="id"
      size="middle"
      loading={loading}
      dataSource={requests ?? []}
      pagination={{ pageSize: 50, hideOnSinglePage: true }}
      locale={{ emptyText: <EmptyText>{t("empty")}</EmptyText> }}
      scroll={{ x: true }}
      columns={[
        { title: t("fields.created"), key: "created", render: (_, r) => dayjs(r.created_at).format("DD.MM.YYYY HH:mm") },
        { title: t("fields.subject"), key: "subject", render: (_, r) => <Link to={r.id}>{r.subject}</Link> },
        ...(schoolNames === undefined
          ? []
          : [{ title: t("fields.school"), key: "school", render: (_: unknown, r: HelpRequest) => schoolNames.get(r.school_id) ?? r.school_id }]),
        { title: t("fields.category"), key: "category", render: (_, r) => t(`category.${r.category}`) },
        { title: t("fields.kind"), key: "kind", render: (_, r) => t(`kind.${r.kind}`) },
        { title: t("fields.channel"), key: "channel", render: (_, r) => t(`channel.${r.channel}`) },
        { title: t("fields.status"), key: "status", render: (_, r) => <StatusTag status={r.status} /> },
        ...(assigneeLabel === undefined
          ? []
          : [{ title: t("fields.assignee"), key: "assignee", render: (_: unknown, r: HelpRequest) => assigneeLabel(r.assignee_id) }]),
      ]}
    />
  );
}
