import { Flex, Table, Typography } from "antd";
import { useTranslation } from "react-i18next";

import { EmptyText } from "../../areas/school/EmptyText";
import { PeriodName } from "../../i18n/periods";
import { useFilters } from "../FiltersBar";
import { OversightProblem } from "../Problem";
import { formatShare } from "./format";
import type { ClassSubjectFill } from "./model";
import { useSchoolFill } from "./queries";

/** The rows the fill rate of marks is made of: each class and subject of the school in the
 * period, students, marks per student, the district's minimum and those below it (counts). */
export function FillTable({ schoolId }: { schoolId: string }) {
  const { t, i18n } = useTranslation("oversight");
  const filters = useFilters();
  const rows = useSchoolFill(schoolId, filters);
  const number = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 2 });
  return (
    <Flex vertical gap="small">
      <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>
        {t("fill.title")}
      </Typography.Title>
      <OversightProblem error={rows.error} />
      <Table<ClassSubjectFill>
        rowKey={(row) => `${row.class_id}:${row.subject_id}:${row.period}`}
        size="small"
        bordered
        loading={rows.isPending}
        pagination={false}
        dataSource={rows.data ?? []}
        scroll={{ x: "max-content" }}
        caption={<span className="okrug-visually-hidden">{t("fill.caption")}</span>}
        locale={{ emptyText: <EmptyText>{t("fill.empty")}</EmptyText> }}
        columns={[
          { key: "class", title: t("fill.class"), dataIndex: "class_name" },
          { key: "subject", title: t("fill.subject"), dataIndex: "subject_name" },
          { key: "period", title: t("fill.period"), render: (_, row) => <PeriodName code={row.period} /> },
          { key: "students", title: t("fill.students"), align: "right", dataIndex: "student_count" },
          { key: "perStudent", title: t("fill.perStudent"), align: "right", render: (_, row) => (row.marks_per_student === null ? "—" : number.format(row.marks_per_student)) },
          { key: "minimum", title: t("fill.minimum"), align: "right", dataIndex: "min_marks" },
          { key: "below", title: t("fill.below"), align: "right", dataIndex: "below_minimum" },
          { key: "share", title: t("fill.share"), align: "right", render: (_, row) => formatShare(row.fill_share, i18n.language) },
        ]}
      />
    </Flex>
  );
}
