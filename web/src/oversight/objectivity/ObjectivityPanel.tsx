import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Descriptions, Flex, Segmented, Switch, Table, Typography } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";

import { useApi } from "../../api/ApiContext";
import { unwrap } from "../../api/client";
import type { components } from "../../api/generated/journal";
import { ApiError } from "../../api/problem";
import { Chart } from "../../charts/Chart";
import { ProblemAlert } from "../../forms/ProblemAlert";
import { problemText } from "../../forms/problems";
import type { OversightPanelProps, OversightQuery } from "../query";
import { MARKS, distributionOption, formatNumber, periodMarksOption, shares } from "./charts";

type Unit = components["schemas"]["UnitRead"];
type By = "teacher" | "school" | "class";
type FarPeriodMark = components["schemas"]["FarPeriodMarkRead"];
type Point = components["schemas"]["PeriodMarkPointRead"];
type SchoolWorkTypes = components["schemas"]["SchoolWorkTypesRead"];

/** The API's filters of the dashboard's query. */
function filters(query: OversightQuery) {
  return {
    period: query.period ?? "year",
    ...(query.viewer === "district" && query.schoolId !== undefined ? { school_id: query.schoolId } : {}),
    ...(query.grade !== undefined ? { grade: query.grade } : {}),
    ...(query.subjectId !== undefined ? { subject_id: query.subjectId } : {}),
  };
}

function Problem({ error }: { error: unknown }) {
  const { t, i18n } = useTranslation("oversightObjectivity");
  if (error === null || error === undefined) return null;
  const summary = error instanceof ApiError ? problemText(i18n, error.problem) : t("failed");
  return <ProblemAlert shown={{ summary, unplaced: [] }} />;
}

function unitName(unit: Unit, by: By): string {
  if (by === "teacher") return unit.teacher_name ?? "—";
  if (by === "class") return `${unit.class_name ?? "—"} (${unit.school_name})`;
  return unit.school_name;
}

function Verdict({ unit }: { unit: Unit }) {
  const { t } = useTranslation("oversightObjectivity");
  if (!unit.outlier) return <span>{t("outliers.normal")}</span>;
  const generous = (unit.mean_gap ?? 0) > 0;
  // Dark enough on white for the contrast people with weak sight need (WCAG AA); Ant
  // Design's tinted tags are not.
  return <strong style={{ color: generous ? "#a8071a" : "#0b3d91" }}>{t(generous ? "outliers.generous" : "outliers.strict")}</strong>;
}

/** A unit's marks beside the rest of the district's: the chart and its figures. */
function UnitDistribution({ unit, by }: { unit: Unit; by: By }) {
  const { t } = useTranslation("oversightObjectivity");
  const name = unitName(unit, by);
  const option = useMemo(
    () =>
      distributionOption(unit.marks.counts, unit.district.counts, {
        unit: name,
        district: t("chart.districtSeries"),
        mark: t("chart.mark"),
        share: t("chart.share"),
      }),
    [unit, name, t],
  );
  const own = shares(unit.marks.counts);
  const rest = shares(unit.district.counts);
  const rows = MARKS.map((mark, index) => ({
    mark,
    own: unit.marks.counts[index] ?? 0,
    ownShare: own[index] ?? 0,
    rest: unit.district.counts[index] ?? 0,
    restShare: rest[index] ?? 0,
  }));
  return (
    <Flex vertical gap="small">
      <Typography.Title level={5}>{t("chart.heading", { unit: name, subject: unit.subject, grade: unit.grade ?? "—" })}</Typography.Title>
      <Flex gap="large" wrap>
        <div style={{ flex: "2 1 360px", minWidth: 300 }}>
          <Chart option={option} label={t("chart.label", { unit: name })} />
        </div>
        <Table
          style={{ flex: "1 1 280px" }}
          rowKey="mark"
          size="small"
          bordered
          pagination={false}
          dataSource={rows}
          caption={<span className="okrug-visually-hidden">{t("chart.caption")}</span>}
          columns={[
            { key: "mark", title: t("chart.mark"), dataIndex: "mark" },
            { key: "own", title: name, render: (_, row) => `${String(row.own)} (${formatNumber(row.ownShare, 1)}%)` },
            { key: "rest", title: t("chart.districtSeries"), render: (_, row) => `${String(row.rest)} (${formatNumber(row.restShare, 1)}%)` },
          ]}
        />
      </Flex>
    </Flex>
  );
}

function Distributions({ query }: OversightPanelProps) {
  const { t } = useTranslation("oversightObjectivity");
  const api = useApi();
  const [by, setBy] = useState<By>("teacher");
  const [onlyOutliers, setOnlyOutliers] = useState(false);
  const [chosen, setChosen] = useState<Unit | undefined>(undefined);
  const answer = useQuery({
    queryKey: ["journal", "oversight", "objectivity", "distributions", query, by],
    queryFn: async () =>
      unwrap(await api.journal.GET("/journal/oversight/objectivity/distributions", { params: { query: { ...filters(query), by } } })),
  });
  const data = answer.data;
  const units = (data?.units ?? []).filter((u) => !onlyOutliers || u.outlier);
  const key = (u: Unit) => [u.school_id, u.teacher_id ?? "", u.class_id ?? "", u.subject, String(u.grade ?? "")].join("|");
  const shown = chosen !== undefined && units.some((u) => key(u) === key(chosen)) ? chosen : units.find((u) => u.outlier) ?? units[0];
  return (
    <Flex vertical gap="middle">
      <Typography.Title level={4}>{t("outliers.heading")}</Typography.Title>
      <Flex gap="middle" wrap align="center">
        <span id="objectivity-by">{t("outliers.by")}</span>
        <Segmented<By>
          aria-labelledby="objectivity-by"
          value={by}
          onChange={(value) => {
            setBy(value);
            setChosen(undefined);
          }}
          options={[
            { value: "teacher", label: t("outliers.byTeacher") },
            { value: "class", label: t("outliers.byClass") },
            ...(query.viewer === "district" ? [{ value: "school" as const, label: t("outliers.bySchool") }] : []),
          ]}
        />
        <Flex gap="small" align="center">
          <Switch id="objectivity-only-outliers" checked={onlyOutliers} onChange={setOnlyOutliers} />
          <label htmlFor="objectivity-only-outliers">{t("outliers.onlyOutliers")}</label>
        </Flex>
      </Flex>
      {data !== undefined && (
        <Typography.Paragraph type="secondary">
          {t("outliers.rule", { minMarks: data.rule.min_marks, z: formatNumber(data.rule.z_threshold, 0), gap: formatNumber(data.rule.min_mean_gap, 1) })}
        </Typography.Paragraph>
      )}
      <Problem error={answer.error} />
      {data !== undefined && units.length === 0 && <Alert type="info" showIcon title={t("outliers.none")} />}
      {shown !== undefined && <UnitDistribution unit={shown} by={by} />}
      {data !== undefined && units.length > 0 && (
        <>
          <Table<Unit>
            rowKey={key}
            size="small"
            bordered
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            dataSource={units}
            caption={<span className="okrug-visually-hidden">{t("outliers.caption")}</span>}
            columns={[
              ...(query.viewer === "district" ? [{ key: "school", title: t("outliers.school"), dataIndex: "school_name" }] : []),
              ...(by === "teacher" ? [{ key: "teacher", title: t("outliers.teacher"), dataIndex: "teacher_name" }] : []),
              ...(by === "class" ? [{ key: "class", title: t("outliers.class"), dataIndex: "class_name" }] : []),
              { key: "subject", title: t("outliers.subject"), dataIndex: "subject" },
              { key: "grade", title: t("outliers.grade"), render: (_, u) => u.grade ?? "—" },
              { key: "n", title: t("outliers.marks"), render: (_, u) => u.marks.n },
              { key: "mean", title: t("outliers.mean"), render: (_, u) => formatNumber(u.marks.mean) },
              { key: "district", title: t("outliers.districtMean"), render: (_, u) => formatNumber(u.district.mean) },
              { key: "z", title: t("outliers.z"), render: (_, u) => formatNumber(u.z) },
              { key: "verdict", title: t("outliers.verdict"), render: (_, u) => <Verdict unit={u} /> },
              {
                key: "show",
                title: t("outliers.choose"),
                render: (_, u) => (
                  <Button size="small" onClick={() => {
                    setChosen(u);
                  }} aria-pressed={shown !== undefined && key(u) === key(shown)}>
                    {t("outliers.choose")}
                  </Button>
                ),
              },
            ]}
          />
          {data.total > data.units.length && <Typography.Text type="secondary">{t("outliers.shown", { shown: data.units.length, total: data.total })}</Typography.Text>}
        </>
      )}
    </Flex>
  );
}

function PeriodMarks({ query }: OversightPanelProps) {
  const { t } = useTranslation("oversightObjectivity");
  const api = useApi();
  const answer = useQuery({
    queryKey: ["journal", "oversight", "objectivity", "period-marks", query],
    queryFn: async () => unwrap(await api.journal.GET("/journal/oversight/objectivity/period-marks", { params: { query: filters(query) } })),
  });
  const data = answer.data;
  const option = useMemo(
    () => periodMarksOption(data?.points ?? [], { average: t("periodMarks.average"), periodMark: t("periodMarks.periodMark"), far: t("periodMarks.far"), near: t("periodMarks.near") }),
    [data, t],
  );
  return (
    <Flex vertical gap="middle">
      <Typography.Title level={4}>{t("periodMarks.heading")}</Typography.Title>
      <Problem error={answer.error} />
      {data !== undefined && (
        <>
          <Typography.Paragraph type="secondary">{t("periodMarks.rule", { gap: formatNumber(data.rule.gap, 0) })}</Typography.Paragraph>
          <Descriptions
            size="small"
            bordered
            column={{ xs: 1, md: 2 }}
            items={[
              { key: "total", label: t("periodMarks.total"), children: data.total },
              { key: "above", label: t("periodMarks.farAbove"), children: data.far_above },
              { key: "below", label: t("periodMarks.farBelow"), children: data.far_below },
              { key: "without", label: t("periodMarks.withoutAverage"), children: data.without_average },
            ]}
          />
          <Flex gap="large" wrap>
            <div style={{ flex: "2 1 360px", minWidth: 300 }}>
              <Chart option={option} label={t("periodMarks.chartLabel")} />
            </div>
            <Table<Point>
              style={{ flex: "1 1 280px" }}
              rowKey={(p) => `${String(p.value)}-${p.weighted_average}`}
              size="small"
              bordered
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              dataSource={data.points}
              caption={<span className="okrug-visually-hidden">{t("periodMarks.pointsCaption")}</span>}
              columns={[
                { key: "average", title: t("periodMarks.average"), render: (_, p) => formatNumber(p.weighted_average, 1) },
                { key: "value", title: t("periodMarks.periodMark"), dataIndex: "value" },
                { key: "count", title: t("periodMarks.count"), dataIndex: "count" },
                { key: "far", title: t("periodMarks.far"), render: (_, p) => (p.far ? <strong style={{ color: "#a8071a" }}>{t("periodMarks.far")}</strong> : "") },
              ]}
            />
          </Flex>
          <Typography.Title level={5}>{t("periodMarks.farCaption")}</Typography.Title>
          {data.far.length === 0 ? (
            <Alert type="success" showIcon title={t("periodMarks.noFar")} />
          ) : (
            <Table<FarPeriodMark>
              rowKey="period_mark_id"
              size="small"
              bordered
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              dataSource={data.far}
              caption={<span className="okrug-visually-hidden">{t("periodMarks.farCaption")}</span>}
              columns={[
                ...(query.viewer === "school" ? [{ key: "student", title: t("periodMarks.student"), dataIndex: "student_name" }] : []),
                { key: "class", title: t("periodMarks.class"), dataIndex: "class_name" },
                { key: "subject", title: t("periodMarks.subject"), dataIndex: "subject" },
                { key: "teacher", title: t("periodMarks.teacher"), dataIndex: "teacher_name" },
                { key: "average", title: t("periodMarks.average"), render: (_, row) => formatNumber(row.weighted_average) },
                { key: "value", title: t("periodMarks.periodMark"), dataIndex: "value" },
              ]}
            />
          )}
        </>
      )}
    </Flex>
  );
}

function WorkTypes({ query }: OversightPanelProps) {
  const { t } = useTranslation("oversightObjectivity");
  const api = useApi();
  const { period, school_id } = filters(query);
  const answer = useQuery({
    queryKey: ["journal", "oversight", "objectivity", "work-types", period, school_id],
    queryFn: async () =>
      unwrap(
        await api.journal.GET("/journal/oversight/objectivity/work-types", {
          params: { query: { period, ...(school_id !== undefined ? { school_id } : {}) } },
        }),
      ),
  });
  const data = answer.data;
  const rows = (data?.schools ?? []).flatMap((school: SchoolWorkTypes) =>
    school.work_types.map((use, index) => ({ ...use, school, first: index === 0, span: school.work_types.length })),
  );
  return (
    <Flex vertical gap="middle">
      <Typography.Title level={4}>{t("workTypes.heading")}</Typography.Title>
      <Problem error={answer.error} />
      {data !== undefined && rows.length === 0 && <Alert type="info" showIcon title={t("workTypes.none")} />}
      {rows.length > 0 && (
        <Table
          rowKey={(row) => `${row.school.school_id}-${row.work_type}-${row.weight}`}
          size="small"
          bordered
          pagination={false}
          dataSource={rows}
          caption={<span className="okrug-visually-hidden">{t("workTypes.caption")}</span>}
          columns={[
            {
              key: "school",
              title: t("workTypes.school"),
              render: (_, row) => `${row.school.school_name} (${String(row.school.marks)})`,
              onCell: (row) => ({ rowSpan: row.first ? row.span : 0 }),
            },
            { key: "type", title: t("workTypes.workType"), dataIndex: "work_type" },
            { key: "weight", title: t("workTypes.weight"), render: (_, row) => formatNumber(row.weight, 1) },
            { key: "marks", title: t("workTypes.marks"), dataIndex: "marks" },
            { key: "share", title: t("workTypes.share"), render: (_, row) => `${formatNumber(row.share * 100, 1)}%` },
          ]}
        />
      )}
    </Flex>
  );
}

/** Objectivity of marking (O2, J3): outliers with the statistic that flags them, a unit's
 * distribution against the district's, period marks against weighted averages, and how
 * each school uses work types and weights. */
export default function ObjectivityPanel({ query }: OversightPanelProps) {
  const { t } = useTranslation("oversightObjectivity");
  return (
    <Flex vertical gap="large">
      <Typography.Text type="secondary">{t("period", { period: query.period ?? t("yearPeriod") })}</Typography.Text>
      <Distributions query={query} />
      <PeriodMarks query={query} />
      <WorkTypes query={query} />
    </Flex>
  );
}
