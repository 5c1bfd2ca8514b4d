import { Alert } from "antd";
import { useTranslation } from "react-i18next";

import type { components } from "../../../api/generated/journal";

type Plan = components["schemas"]["PlanRead"];

/** The plan's hours against the curriculum's for the class's grade and year (J7). */
export function CurriculumCheck({ plan }: { plan: Plan }) {
  const { t, i18n } = useTranslation("teacher");
  const check = plan.curriculum;
  const title = t("plans.check.title");
  if (check === null) {
    return <Alert type="info" showIcon title={title} description={t("plans.check.unknown")} />;
  }
  if (!check.in_curriculum) {
    return <Alert type="warning" showIcon title={title} description={t("plans.check.notInCurriculum", { grade: check.grade, year: check.year_name })} />;
  }
  if (check.matches) {
    const perWeek = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 2 }).format(check.hours_per_week);
    return <Alert type="success" showIcon title={title} description={t("plans.check.matches", { hours: check.curriculum_hours, perWeek })} />;
  }
  const counts = { planned: check.planned_hours, curriculum: check.curriculum_hours, difference: Math.abs(check.difference) };
  return (
    <Alert type="warning" showIcon title={title} description={check.difference < 0 ? t("plans.check.short", counts) : t("plans.check.over", counts)} />
  );
}
