import { Button, Collapse, Flex, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import type { components } from "../../api/generated/journal";
import { ApiError } from "../../api/problem";
import { Chart } from "../../charts/Chart";
import { ProblemAlert } from "../../forms/ProblemAlert";
import { problemText } from "../../forms/problems";
import { Loading } from "../../layout/Loading";
import type { OversightPanelProps, OversightQuery } from "../query";
import { eveningLabel, eveningsOption, formatDay, gradeSpan } from "./figures";
import { useSchoolNames } from "../schools";
import { useClassEvenings, useClassesLoad, useSchoolsLoad } from "./queries";

type SchoolRow = components["schemas"]["SchoolHomeworkLoad"];
type ClassRow = components["schemas"]["ClassHomeworkLoad"];
type EveningRow = components["schemas"]["ClassEvening"];
type Limit = components["schemas"]["DailyLimit"];

function Problem({ error }: { error: unknown }) {
  const { t, i18n } = useTranslation("oversightLoad");
  if (error === null || error === undefined) return null;
  const summary = error instanceof ApiError ? problemText(i18n, error.problem) : t("failed");
  return <ProblemAlert shown={{ summary, unplaced: [] }} />;
}

function Rule({ limits }: { limits: readonly Limit[] }) {
  const { t } = useTranslation("oversightLoad");
  const list = limits.map((l) => t("limitItem", { grades: gradeSpan(l.grade_from, l.grade_to), minutes: l.minutes })).join("; ");
  return (
    <Collapse
      size="small"
      items={[
        {
          key: "rule",
          label: t("rule"),
          children: (
            <>
              <Typography.Paragraph>{t("ruleText")}</Typography.Paragraph>
              <Typography.Paragraph style={{ marginBottom: 0 }}>{t("limits", { limits: list })}</Typography.Paragraph>
            </>
          ),
        },
      ]}
    />
  );
}

/** The district's schools: their classes' evenings and those over the limit. */
function Schools({ query, onSchool }: { query: OversightQuery; onSchool: (schoolId: string) => void }) {
  const { t } = useTranslation("oversightLoad");
  const load = useSchoolsLoad(query, true);
  const names = useSchoolNames();
  if (load.isPending) return <Loading label={t("title")} />;
  if (load.error !== null) return <Problem error={load.error} />;
  return (
    <Flex vertical gap="middle">
      <Typography.Text>{t("covers", { from: formatDay(load.data.date_from), to: formatDay(load.data.date_to) })}</Typography.Text>
      <Rule limits={load.data.limits} />
      <Table<SchoolRow>
        rowKey="school_id"
        size="small"
        bordered
        pagination={false}
        dataSource={load.data.schools}
        locale={{ emptyText: t("none") }}
        caption={<span className="okrug-visually-hidden">{t("schoolsCaption")}</span>}
        columns={[
          {
            key: "school",
            title: t("school"),
            render: (_, row) => (
              <Button
                type="link"
                style={{ padding: 0 }}
                onClick={() => {
                  onSchool(row.school_id);
                }}
              >
                {names.data?.get(row.school_id) ?? row.school_id}
              </Button>
            ),
          },
          { key: "over", title: t("eveningsOver"), dataIndex: "evenings_over_limit", align: "right" },
          { key: "classes", title: t("classesOver"), dataIndex: "classes_over_limit", align: "right" },
          { key: "max", title: t("maxMinutes"), dataIndex: "max_minutes", align: "right" },
          { key: "evenings", title: t("classEvenings"), dataIndex: "class_evenings", align: "right" },
          { key: "unestimated", title: t("unestimated"), dataIndex: "unestimated_homework", align: "right" },
        ]}
      />
    </Flex>
  );
}

/** A school's classes, those with most evenings over the limit first. */
function Classes({
  query,
  schoolId,
  onClass,
  onBack,
}: {
  query: OversightQuery;
  schoolId: string;
  onClass: (classId: string) => void;
  onBack: (() => void) | undefined;
}) {
  const { t } = useTranslation("oversightLoad");
  const load = useClassesLoad(query, schoolId);
  const names = useSchoolNames();
  if (load.isPending) return <Loading label={t("title")} />;
  if (load.error !== null) return <Problem error={load.error} />;
  return (
    <Flex vertical gap="middle">
      {onBack !== undefined && (
        <Button onClick={onBack} style={{ alignSelf: "flex-start" }}>
          {t("backToSchools")}
        </Button>
      )}
      <Typography.Title level={3}>{t("classesOf", { school: names.data?.get(schoolId) ?? "" })}</Typography.Title>
      <Typography.Text>{t("covers", { from: formatDay(load.data.date_from), to: formatDay(load.data.date_to) })}</Typography.Text>
      <Table<ClassRow>
        rowKey="class_id"
        size="small"
        bordered
        pagination={false}
        dataSource={load.data.classes}
        locale={{ emptyText: t("none") }}
        caption={<span className="okrug-visually-hidden">{t("classesCaption")}</span>}
        columns={[
          {
            key: "class",
            title: t("className"),
            render: (_, row) => (
              <Button
                type="link"
                style={{ padding: 0 }}
                onClick={() => {
                  onClass(row.class_id);
                }}
              >
                {row.class_name}
              </Button>
            ),
          },
          { key: "limit", title: t("limit"), align: "right", render: (_, row) => row.limit_minutes ?? "—" },
          { key: "evenings", title: t("evenings"), dataIndex: "evenings", align: "right" },
          { key: "average", title: t("average"), dataIndex: "average_minutes", align: "right" },
          { key: "max", title: t("maxMinutes"), dataIndex: "max_minutes", align: "right" },
          {
            key: "over",
            title: t("overList"),
            render: (_, row) =>
              row.over_limit.map((e) => (
                <Tag key={e.evening} color="red">
                  {eveningLabel(e.evening)}: {t("minutesShort", { count: e.minutes })}
                </Tag>
              )),
          },
        ]}
      />
    </Flex>
  );
}

/** A class's evenings as a chart against the limit, and the same figures in a table. */
function Evenings({ query, schoolId, classId, onBack }: { query: OversightQuery; schoolId: string; classId: string; onBack: () => void }) {
  const { t } = useTranslation("oversightLoad");
  const load = useClassEvenings(query, schoolId, classId);
  const back = (
    <Button onClick={onBack} style={{ alignSelf: "flex-start" }}>
      {t("back")}
    </Button>
  );
  if (load.isPending) return <Loading label={t("title")} />;
  if (load.error !== null) {
    return (
      <Flex vertical gap="middle">
        {back}
        <Problem error={load.error} />
      </Flex>
    );
  }
  const data = load.data;
  const className = data.class_name ?? "";
  return (
    <Flex vertical gap="middle">
      {back}
      <Typography.Title level={3}>{t("classTitle", { className })}</Typography.Title>
      <Chart
        label={t("chartLabel", { className, limit: data.limit_minutes ?? "—" })}
        option={eveningsOption(data.evenings, data.limit_minutes ?? null, { minutes: t("chartMinutes"), limit: t("chartLimit") })}
      />
      <Table<EveningRow>
        rowKey="evening"
        size="small"
        bordered
        pagination={false}
        dataSource={data.evenings}
        locale={{ emptyText: t("none") }}
        caption={<span className="okrug-visually-hidden">{t("eveningsCaption")}</span>}
        columns={[
          { key: "evening", title: t("evening"), render: (_, row) => eveningLabel(row.evening) },
          {
            key: "minutes",
            title: t("minutes"),
            align: "right",
            render: (_, row) => (
              <>
                <strong>{row.minutes}</strong>{" "}
                {row.limit_minutes === null ? (
                  <Tag>{t("noLimit")}</Tag>
                ) : row.over_limit ? (
                  <Tag color="red">{t("over")}</Tag>
                ) : (
                  <Tag color="green">{t("withinLimit")}</Tag>
                )}
              </>
            ),
          },
          {
            key: "homework",
            title: t("homework"),
            render: (_, row) => (
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {row.homework.map((h) => (
                  <li key={h.lesson_id}>
                    {t("homeworkItem", {
                      subject: h.group_name === null ? h.subject_name : `${h.subject_name} (${h.group_name})`,
                      minutes:
                        h.minutes === null
                          ? t("minutesUnknown")
                          : `${t("minutesShort", { count: h.minutes })}${h.estimated_by_teacher ? "" : ` (${t("byDefault")})`}`,
                    })}
                    , {t("setOn", { date: eveningLabel(h.set_on) })}
                  </li>
                ))}
              </ul>
            ),
          },
        ]}
      />
    </Flex>
  );
}

/**
 * Homework load (O3): the district's schools, a school's classes, a class's evenings with
 * the homework that makes them, each against SanPiN's limit for the grade.
 */
export default function LoadPanel({ query }: OversightPanelProps) {
  const [schoolId, setSchoolId] = useState<string | undefined>(query.schoolId);
  const [classId, setClassId] = useState<string | undefined>(undefined);
  const school = query.schoolId ?? schoolId;
  if (school === undefined) {
    return <Schools query={query} onSchool={setSchoolId} />;
  }
  if (classId !== undefined) {
    return (
      <Evenings
        query={query}
        schoolId={school}
        classId={classId}
        onBack={() => {
          setClassId(undefined);
        }}
      />
    );
  }
  return (
    <Classes
      query={query}
      schoolId={school}
      onClass={setClassId}
      onBack={
        query.schoolId === undefined
          ? () => {
              setSchoolId(undefined);
            }
          : undefined
      }
    />
  );
}
