import { DownloadOutlined } from "@ant-design/icons";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Alert, Button, Card, DatePicker, Flex, InputNumber, Table, Tag, Typography } from "antd";
import dayjs from "dayjs";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";

import { useApi } from "../../../api/ApiContext";
import { unwrap } from "../../../api/client";
import type { components } from "../../../api/generated/identity";
import { ApiError, toProblem } from "../../../api/problem";
import { problemText } from "../../../forms/problems";
import { roleLabel } from "../../areas";
import { saveFile } from "../../../files/download";
import { SectionTitle } from "../SectionTitle";

type ActivityReport = components["schemas"]["ActivityReport"];
type RoleActivity = components["schemas"]["RoleActivity"];
type PersonActivity = components["schemas"]["PersonActivity"];
const MONTH = "YYYY-MM";
const DEFAULT_ACTIVE_DAYS = 4;

/** The monthly activity report (I7): per role how many signed in and are active, and who
 * never signed in; the same as XLSX. */
export function ActivityPage() {
  const { t, i18n } = useTranslation("school");
  const { t: common } = useTranslation();
  const api = useApi();
  const [params, setParams] = useSearchParams();
  const month = params.get("month") ?? dayjs().format(MONTH);
  const activeDays = Number(params.get("active_days") ?? DEFAULT_ACTIVE_DAYS);
  const query = { month, active_days: activeDays };
  const report = useQuery({
    queryKey: ["identity", "reports", "activity", month, activeDays],
    // The JSON answer (the same route answers XLSX with format=xlsx, which widens its type).
    queryFn: async (): Promise<ActivityReport> => unwrap(await api.identity.GET("/identity/reports/activity", { params: { query } })) as ActivityReport,
  });
  const download = useMutation({
    mutationFn: async () => {
      const { data, error, response } = await api.identity.GET("/identity/reports/activity", {
        params: { query: { ...query, format: "xlsx" } },
        parseAs: "blob",
      });
      if (!response.ok || data === undefined) {
        throw new ApiError(toProblem(response.status, error));
      }
      return data;
    },
    onSuccess: (file) => {
      saveFile(file, `activity-${month}.xlsx`);
    },
  });

  function choose(next: { month?: string; active_days?: number }) {
    setParams({ month, active_days: String(activeDays), ...Object.fromEntries(Object.entries(next).map(([k, v]) => [k, String(v)])) }, { replace: true });
  }

  const personColumns = [
    { title: t("activity.columns.name"), dataIndex: "name", key: "name" },
    { title: t("activity.columns.username"), dataIndex: "username", key: "username" },
    {
      title: t("activity.columns.roles"),
      key: "roles",
      render: (_: unknown, p: PersonActivity) => p.roles.map((r) => <Tag key={r}>{roleLabel(common, r)}</Tag>),
    },
    { title: t("activity.columns.signIns"), dataIndex: "sign_ins", key: "sign_ins" },
    { title: t("activity.columns.days"), dataIndex: "days_of_use", key: "days" },
    {
      title: t("activity.columns.lastSignIn"),
      key: "last",
      render: (_: unknown, p: PersonActivity) => (p.last_sign_in ? dayjs(p.last_sign_in).format("DD.MM.YYYY HH:mm") : t("common.none")),
    },
  ];

  const failure = report.error ?? download.error;
  return (
    <Flex vertical gap="middle">
      <Typography.Title level={1} style={{ margin: 0 }}>
        {t("activity.title")}
      </Typography.Title>
      <Flex gap="large" wrap align="end">
        <label>
          <div>{t("activity.month")}</div>
          <DatePicker
            picker="month"
            format="MMMM YYYY"
            allowClear={false}
            aria-label={t("activity.month")}
            value={dayjs(`${month}-01`)}
            onChange={(value: dayjs.Dayjs | null) => {
              if (value !== null) {
                choose({ month: value.format(MONTH) });
              }
            }}
          />
        </label>
        <label>
          <div>{t("activity.activeDays")}</div>
          <InputNumber
            min={1}
            max={31}
            precision={0}
            aria-label={t("activity.activeDays")}
            value={activeDays}
            onChange={(value) => {
              if (value !== null) {
                choose({ active_days: value });
              }
            }}
          />
        </label>
        <Button
          icon={<DownloadOutlined />}
          loading={download.isPending}
          onClick={() => {
            download.mutate();
          }}
        >
          {t("activity.download")}
        </Button>
      </Flex>
      {failure !== null && (
        <Alert
          type="error"
          showIcon
          title={failure instanceof ApiError ? problemText(i18n, failure.problem) : t("common.loadFailed", { message: failure.message })}
        />
      )}
      <Table<RoleActivity>
        rowKey="role"
        size="middle"
        pagination={false}
        loading={report.isPending}
        dataSource={report.data?.roles ?? []}
        columns={[
          { title: t("activity.columns.role"), key: "role", render: (_, r) => roleLabel(common, r.role) },
          { title: t("activity.columns.persons"), dataIndex: "persons" },
          { title: t("activity.columns.signedIn"), dataIndex: "signed_in" },
          { title: t("activity.columns.active"), dataIndex: "active" },
          { title: t("activity.columns.neverSignedIn"), dataIndex: "never_signed_in" },
        ]}
      />
      {report.data && (
        <>
          <Typography.Text type="secondary">
            {t("activity.generated", { date: dayjs(report.data.generated_at).format("DD.MM.YYYY HH:mm"), zone: report.data.time_zone })}
          </Typography.Text>
          <Card title={<SectionTitle>{t("activity.never", { count: report.data.never_signed_in?.length ?? 0 })}</SectionTitle>}>
            <Table<PersonActivity> rowKey="person_id" size="small" pagination={{ pageSize: 50, hideOnSinglePage: true }} dataSource={report.data.never_signed_in ?? []} columns={personColumns} />
          </Card>
          <Card title={<SectionTitle>{t("activity.activeList", { count: report.data.active?.length ?? 0 })}</SectionTitle>}>
            <Table<PersonActivity> rowKey="person_id" size="small" pagination={{ pageSize: 50, hideOnSinglePage: true }} dataSource={report.data.active ?? []} columns={personColumns} />
          </Card>
        </>
      )}
    </Flex>
  );
}
