import { Flex, Form, Select } from "antd";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";

import { GRADES, PERIOD_CODES, filtersFromSearch, searchOfFilters, type FiltersChosen, type OversightFilters } from "./filters";
import { usePeriodName } from "../i18n/periods";

export interface SubjectOption {
  readonly id: string;
  readonly name: string;
}

/** The filters kept in the page's address: what the figures below are of. */
export function useFilters(): OversightFilters {
  const [search] = useSearchParams();
  return filtersFromSearch(search);
}

/** Study period, grade level and subject; each change is a new address, kept by every
 * drill-down link. */
export function FiltersBar({ subjects }: { subjects?: readonly SubjectOption[] }) {
  const { t } = useTranslation("oversight");
  const periodLabel = usePeriodName();
  const [, setSearch] = useSearchParams();
  const filters = useFilters();
  const change = (next: FiltersChosen) => {
    setSearch(new URLSearchParams(searchOfFilters(next)), { replace: true });
  };
  return (
    <Flex gap="middle" wrap align="end" role="search" aria-label={t("filters.label")}>
      <Form.Item label={t("filters.period")} htmlFor="oversight-period" style={{ marginBottom: 0 }}>
        <Select
          id="oversight-period"
          style={{ minWidth: 200 }}
          allowClear
          value={filters.period}
          onChange={(period: string | undefined) => {
            change({ ...filters, period });
          }}
          options={PERIOD_CODES.map((code) => ({ value: code, label: periodLabel(code) }))}
        />
      </Form.Item>
      <Form.Item label={t("filters.grade")} htmlFor="oversight-grade" style={{ marginBottom: 0 }}>
        <Select
          id="oversight-grade"
          style={{ minWidth: 140 }}
          allowClear
          value={filters.grade}
          onChange={(grade: number | undefined) => {
            change({ ...filters, grade });
          }}
          options={GRADES.map((grade) => ({ value: grade, label: t("filters.gradeValue", { grade }) }))}
        />
      </Form.Item>
      {subjects !== undefined && (
        <Form.Item label={t("filters.subject")} htmlFor="oversight-subject" style={{ marginBottom: 0 }}>
          <Select
            id="oversight-subject"
            style={{ minWidth: 220 }}
            allowClear
            showSearch={{ optionFilterProp: "label" }}
            value={filters.subjectId}
            onChange={(subjectId: string | undefined) => {
              change({ ...filters, subjectId });
            }}
            options={subjects.map((subject) => ({ value: subject.id, label: subject.name }))}
          />
        </Form.Item>
      )}
    </Flex>
  );
}
