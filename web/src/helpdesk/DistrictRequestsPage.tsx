import { PlusOutlined } from "@ant-design/icons";
import { Alert, Button, Flex, Select, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { useSchoolNames } from "../oversight/schools";
import { useWorkplace } from "../schools/workplace";
import { CATEGORIES, STATUSES, shortId, useRequests, type HelpRequest, type RequestFilter, type RequestStatus } from "./queries";
import { RequestTable } from "./RequestTable";

type FilterKey = "status" | "school_id" | "category" | "assignee_id";

/** The district's request log (H1): every school's requests, filtered by status, school,
 * category and assignee; the desk logs calls on a caller's behalf from here. */
export function DistrictRequestsPage() {
  const { t } = useTranslation("helpdesk");
  const { me } = useWorkplace();
  const [chosen, setChosen] = useState<Partial<Record<FilterKey, string>>>({});
  const filter: RequestFilter = {
    ...(chosen.status === undefined ? {} : { status: chosen.status as RequestStatus }),
    ...(chosen.school_id === undefined ? {} : { school_id: chosen.school_id }),
    ...(chosen.category === undefined ? {} : { category: chosen.category as HelpRequest["category"] }),
    ...(chosen.assignee_id === undefined ? {} : { assignee_id: chosen.assignee_id }),
  };
  const requests = useRequests(filter);
  const schools = useSchoolNames();
  const schoolNames = schools.data ?? new Map<string, string>();
  const desk = me.roles.some((role) => role === "support-agent" || role === "working-group-member");
  const assigneeLabel = (id: string | null) =>
    id === null ? t("actions.nobody") : id === me.id ? t("actions.assignedToYou") : t("actions.someone", { short: shortId(id) });
  const change = (key: FilterKey, value: string | undefined) => {
    setChosen((current) => ({ ...current, [key]: value }));
  };
  return (
    <Flex vertical gap="middle">
      <Flex justify="space-between" align="center" wrap gap="small">
        <Typography.Title level={1} style={{ margin: 0 }}>
          {t("districtTitle")}
        </Typography.Title>
        {desk && (
          <Link to="new">
            <Button type="primary" icon={<PlusOutlined />} tabIndex={-1}>
              {t("logCall")}
            </Button>
          </Link>
        )}
      </Flex>
      <Flex gap="small" wrap role="group" aria-label={t("filters.label")}>
        <Select
          aria-label={t("fields.status")}
          style={{ minWidth: 200 }}
          value={chosen.status ?? ""}
          onChange={(value: string) => { change("status", value === "" ? undefined : value); }}
          options={[{ value: "", label: t("filters.anyStatus") }, ...STATUSES.map((value) => ({ value, label: t(`status.${value}`) }))]}
        />
        <Select
          aria-label={t("fields.school")}
          showSearch={{ optionFilterProp: "label" }}
          style={{ minWidth: 240 }}
          value={chosen.school_id ?? ""}
          onChange={(value: string) => { change("school_id", value === "" ? undefined : value); }}
          options={[{ value: "", label: t("filters.anySchool") }, ...[...schoolNames].map(([value, label]) => ({ value, label }))]}
        />
        <Select
          aria-label={t("fields.category")}
          style={{ minWidth: 220 }}
          value={chosen.category ?? ""}
          onChange={(value: string) => { change("category", value === "" ? undefined : value); }}
          options={[{ value: "", label: t("filters.anyCategory") }, ...CATEGORIES.map((value) => ({ value, label: t(`category.${value}`) }))]}
        />
        <Select
          aria-label={t("fields.assignee")}
          style={{ minWidth: 200 }}
          value={chosen.assignee_id ?? ""}
          onChange={(value: string) => { change("assignee_id", value === "" ? undefined : value); }}
          options={[{ value: "", label: t("filters.anyAssignee") }, ...(me.id === null ? [] : [{ value: me.id, label: t("filters.mine") }])]}
        />
      </Flex>
      {requests.error !== null && <Alert type="error" showIcon title={t("loadFailed", { message: requests.error.message })} />}
      <RequestTable requests={requests.data} loading={requests.isPending} schoolNames={schoolNames} assigneeLabel={assigneeLabel} />
    </Flex>
  );
}
