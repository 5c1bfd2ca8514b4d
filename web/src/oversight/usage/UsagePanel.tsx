import { useQuery } from "@tanstack/react-query";
import { Flex, Table, Typography } from "antd";
import { useTranslation } from "react-i18next";

import { useApi } from "../../api/ApiContext";
import { unwrap } from "../../api/client";
import { ApiError } from "../../api/problem";
import { Chart } from "../../charts/Chart";
import { ProblemAlert } from "../../forms/ProblemAlert";
import { problemText } from "../../forms/problems";
import { Loading } from "../../layout/Loading";
import { useSchoolNames } from "../schools";
import type { OversightPanelProps } from "../query";
import { activitiesDone, weekLabel, weeksOption, type Activity, type WeekCounts } from "./figures";

/**
 * Usage (O4): how many different persons did each kind of real work in the journal week by
 * week (lesson entries, absence reasons, diary reads) and signed in per role; for the
 * district every school's last week beside the total. Counts only.
 */
export default function UsagePanel({ query }: OversightPanelProps) {
  const { t, i18n } = useTranslation("oversightUsage");
  const api = useApi();
  const names = useSchoolNames();
  const usage = useQuery({
    queryKey: ["journal", "oversight", "usage", query.period],
    queryFn: async () => unwrap(await api.journal.GET("/journal/oversight/usage", { params: { query: { period: query.period ?? null } } })),
  });
  if (usage.isPending) return <Loading label={t("title")} />;
  if (usage.error !== null) {
    const summary = usage.error instanceof ApiError ? problemText(i18n, usage.error.problem) : t("failed");
    return <ProblemAlert shown={{ summary, unplaced: [] }} />;
  }
  const data = usage.data;
  const school = query.schoolId === undefined ? undefined : data.schools.find((s) => s.school_id === query.schoolId);
  const weeks: WeekCounts[] = query.schoolId === undefined ? data.total : (school?.weeks ?? data.weeks.map((week) => ({ week, counts: {} })));
  const done = activitiesDone(weeks);
  const name = (a: Activity) => t(`activities.${a}`);
  const last = data.weeks[data.weeks.length - 1];
  return (
    <Flex vertical gap="middle">
      <Typography.Text>
        {t("covers", { from: weekLabel(data.date_from), to: weekLabel(data.date_to) })}
      </Typography.Text>
      {done.length === 0 ? (
        <Typography.Paragraph>{t("none")}</Typography.Paragraph>
      ) : (
        <>
          <Chart label={t("chartLabel", { what: done.map(name).join(", ") })} option={weeksOption(weeks, done, name)} />
          <Table<Activity>
            rowKey={(a) => a}
            size="small"
            bordered
            pagination={false}
            scroll={{ x: true }}
            dataSource={done}
            caption={<span className="okrug-visually-hidden">{t("tableCaption")}</span>}
            columns={[
              { key: "activity", title: t("activity"), render: (_, a) => name(a), fixed: "left" },
              ...weeks.map((w) => ({
                key: w.week,
                title: t("week", { date: weekLabel(w.week) }),
                align: "right" as const,
                render: (_: unknown, a: Activity) => w.counts[a] ?? 0,
              })),
            ]}
          />
        </>
      )}
      {query.schoolId === undefined && last !== undefined && data.schools.length > 0 && (
        <>
          <Typography.Title level={3}>{t("lastWeek", { date: weekLabel(last) })}</Typography.Title>
          <Table
            rowKey="school_id"
            size="small"
            bordered
            pagination={false}
            scroll={{ x: true }}
            dataSource={data.schools}
            caption={<span className="okrug-visually-hidden">{t("schoolsCaption")}</span>}
            columns={[
              { key: "school", title: t("school"), render: (_, row) => names.data?.get(row.school_id) ?? row.school_id, fixed: "left" },
              ...activitiesDone(data.total).map((a) => ({
                key: a,
                title: name(a),
                align: "right" as const,
                render: (_: unknown, row: (typeof data.schools)[number]) => row.weeks.find((w) => w.week === last)?.counts[a] ?? 0,
              })),
            ]}
          />
        </>
      )}
    </Flex>
  );
}
