import { useQuery } from "@tanstack/react-query";
import { DatePicker, Flex, Form, Select, Table, Tag } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useTranslation } from "react-i18next";

import { useApi } from "../../../api/ApiContext";
import { unwrap } from "../../../api/client";
import type { components as Identity } from "../../../api/generated/identity";
import type { components as Journal } from "../../../api/generated/journal";
import { roleLabel } from "../../areas";
import { ClassSelect } from "../schedule/ClassSelect";
import { formatDate, formatMoment, isoDay } from "../schedule/format";
import { nameLookup } from "../schedule/names";
import { useSchoolKey, useStaff } from "../schedule/queries";
import { ReportProblem } from "./ClassReports";
import { DownloadButton } from "./DownloadButton";
import { changeValueText } from "./format";

type MarkChange = Journal["schemas"]["MarkChangeRead"];
type ChangeKind = MarkChange["kind"];
type ReadRecord = Identity["schemas"]["ReadRecord"];

const CHANGE_KINDS: ChangeKind[] = ["mark", "attendance-reason", "period-mark"];
const READ_KINDS = [
  "persons",
  "personal-data",
  "consents",
  "credentials",
  "access-applications",
  "movements",
  "activity",
  "class-lists",
  "lessons",
  "marks",
  "attendance",
  "period-marks",
  "mark-changes",
  "diary",
  "summaries",
  "reports",
  "paper-import",
] as const;
type ReadKind = (typeof READ_KINDS)[number];

export interface Dates {
  from: string;
  to: string;
}

function DatesPicker({ id, dates, onChange }: { id: string; dates: Dates; onChange: (dates: Dates) => void }) {
  const { t } = useTranslation("schoolReports");
  return (
    <Form.Item label={t("dates")} htmlFor={id} style={{ marginBottom: 0 }}>
      <DatePicker.RangePicker
        id={id}
        format="DD.MM.YYYY"
        allowClear={false}
        value={[dayjs(dates.from), dayjs(dates.to)]}
        onChange={(range) => {
          const [from, to] = (range ?? []) as [Dayjs | null, Dayjs | null];
          if (from !== null && to !== null) onChange({ from: isoDay(from), to: isoDay(to) });
        }}
      />
    </Form.Item>
  );
}

/** Students' names for the audit: the school's students as identity knows them. */
function useStudentNames() {
  const api = useApi();
  const school = useSchoolKey();
  const students = useQuery({
    queryKey: ["identity", school, "persons", "student"],
    queryFn: async () => unwrap(await api.identity.GET("/identity/persons", { params: { query: { kind: "student", limit: 1000 } } })),
  });
  return nameLookup(students.data);
}

/** The change audit of marks, absence reasons and period marks (J6): old, new, who, when, why. */
export function MarkChangesReport({
  dates,
  setDates,
  classId,
  setClassId,
  kind,
  setKind,
}: {
  dates: Dates;
  setDates: (dates: Dates) => void;
  classId: string | undefined;
  setClassId: (classId: string | undefined) => void;
  kind: ChangeKind | undefined;
  setKind: (kind: ChangeKind | undefined) => void;
}) {
  const { t } = useTranslation("schoolReports");
  const api = useApi();
  const school = useSchoolKey();
  const staff = useStaff();
  const staffName = nameLookup(staff.data);
  const studentName = useStudentNames();
  const query = { date_from: dates.from, date_to: dates.to, class_id: classId ?? null, kind: kind ?? null };
  const changes = useQuery({
    queryKey: ["journal", school, "mark-changes", query],
    queryFn: async () => unwrap(await api.journal.GET("/journal/audit/mark-changes", { params: { query } })),
  });
  const words = (key: string) => t(`changes.${key}` as "changes.reasons.none");
  return (
    <Flex vertical gap="middle">
      <Flex gap="middle" wrap align="end">
        <DatesPicker id="changes-dates" dates={dates} onChange={setDates} />
        <ClassSelect id="changes-class" value={classId} onChange={setClassId} />
        <Form.Item label={t("changes.kind")} htmlFor="changes-kind" style={{ marginBottom: 0 }}>
          <Select<ChangeKind>
            id="changes-kind"
            style={{ minWidth: 200 }}
            allowClear
            value={kind ?? null}
            onChange={setKind}
            options={CHANGE_KINDS.map((value) => ({ value, label: t(`changes.kinds.${value}`) }))}
          />
        </Form.Item>
        <DownloadButton
          label={t("downloadXlsx")}
          fallbackName="mark-changes.xlsx"
          fetchFile={async () => api.journal.GET("/journal/audit/mark-changes.xlsx", { params: { query }, parseAs: "blob" })}
        />
      </Flex>
      <ReportProblem error={changes.error} />
      <Table<MarkChange>
        rowKey="id"
        size="small"
        bordered
        loading={changes.isPending}
        dataSource={changes.data ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 1000 }}
        caption={<span className="okrug-visually-hidden">{t("changes.caption")}</span>}
        locale={{ emptyText: t("changes.empty") }}
        columns={[
          { key: "at", title: t("changes.changedAt"), render: (_, row) => formatMoment(row.changed_at) },
          { key: "kind", title: t("changes.kind"), render: (_, row) => <Tag>{t(`changes.kinds.${row.kind}`)}</Tag> },
          { key: "lesson", title: t("changes.lesson"), render: (_, row) => `${row.lesson_date === null ? "—" : formatDate(row.lesson_date)}, ${row.subject_name ?? ""}` },
          { key: "student", title: t("student"), render: (_, row) => studentName(row.student_id) },
          { key: "old", title: t("changes.old"), render: (_, row) => changeValueText(row.kind, row.old, words) },
          { key: "new", title: t("changes.new"), render: (_, row) => (row.action === "deleted" ? t("changes.deleted") : changeValueText(row.kind, row.new, words)) },
          { key: "who", title: t("changes.changedBy"), render: (_, row) => staffName(row.changed_by) },
          { key: "why", title: t("changes.reason"), render: (_, row) => row.reason ?? "—" },
        ]}
      />
    </Flex>
  );
}

/** Who read which person's data (X2): staff reads by kind and dates, newest first. */
export function ReadAuditReport({ dates, setDates, kind, setKind }: { dates: Dates; setDates: (dates: Dates) => void; kind: ReadKind | undefined; setKind: (kind: ReadKind | undefined) => void }) {
  const { t } = useTranslation("schoolReports");
  const { t: common } = useTranslation();
  const api = useApi();
  const school = useSchoolKey();
  const query = { date_from: dates.from, date_to: dates.to, kind: kind ?? null };
  const reads = useQuery({
    queryKey: ["identity", school, "read-audit", query],
    queryFn: async () => unwrap(await api.identity.GET("/identity/read-audit", { params: { query: { ...query, limit: 500 } } })),
  });
  return (
    <Flex vertical gap="middle">
      <Flex gap="middle" wrap align="end">
        <DatesPicker id="reads-dates" dates={dates} onChange={setDates} />
        <Form.Item label={t("reads.kind")} htmlFor="reads-kind" style={{ marginBottom: 0 }}>
          <Select<ReadKind>
            id="reads-kind"
            style={{ minWidth: 220 }}
            allowClear
            value={kind ?? null}
            onChange={setKind}
            options={READ_KINDS.map((value) => ({ value, label: t(`reads.kinds.${value}`) }))}
          />
        </Form.Item>
        <DownloadButton
          label={t("downloadXlsx")}
          fallbackName="read-audit.xlsx"
          fetchFile={async () => api.identity.GET("/identity/read-audit.xlsx", { params: { query }, parseAs: "blob" })}
        />
      </Flex>
      <ReportProblem error={reads.error} />
      <Table<ReadRecord>
        rowKey="id"
        size="small"
        bordered
        loading={reads.isPending}
        dataSource={reads.data?.items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 1000 }}
        caption={<span className="okrug-visually-hidden">{t("reads.caption")}</span>}
        locale={{ emptyText: t("reads.empty") }}
        columns={[
          { key: "at", title: t("reads.readAt"), render: (_, row) => formatMoment(row.read_at) },
          { key: "reader", title: t("reads.reader"), render: (_, row) => row.reader_name ?? "—" },
          { key: "roles", title: t("reads.roles"), render: (_, row) => row.reader_roles.map((role) => roleLabel(common, role)).join(", ") },
          { key: "kind", title: t("reads.kind"), render: (_, row) => (READ_KINDS.includes(row.kind as ReadKind) ? t(`reads.kinds.${row.kind as ReadKind}`) : row.kind) },
          { key: "endpoint", title: t("reads.endpoint"), render: (_, row) => <code>{row.endpoint}</code> },
          { key: "persons", title: t("reads.persons"), render: (_, row) => row.persons.length },
        ]}
      />
      {reads.data?.next_offset != null && <Tag>{t("reads.more")}</Tag>}
    </Flex>
  );
}
