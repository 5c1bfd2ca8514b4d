import { Flex, Typography } from "antd";
import type { ComponentType } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";

import { Crumbs } from "../Crumbs";
import { searchOfFilters } from "../filters";
import { FiltersBar, useFilters } from "../FiltersBar";
import { oversightPaths, useOversightPlace, useOversightSchool, type Slice } from "../place";
import { OversightProblem } from "../Problem";
import { useBreakdown, useWeeks } from "./queries";
import { useSchoolCards } from "../schools";
import { TimelinessChart } from "./TimelinessChart";

/** A teacher's, class's or subject's timeliness week by week; each week opens its lessons. */
function SlicePage({ slice }: { slice: Slice }) {
  const { t } = useTranslation("oversight");
  const place = useOversightPlace();
  const schoolId = useOversightSchool();
  const { entityId = "" } = useParams();
  const filters = useFilters();
  const cards = useSchoolCards();
  const rows = useBreakdown(schoolId, slice, {});
  const weeks = useWeeks(schoolId, filters, { slice, id: entityId });
  const paths = oversightPaths(place, schoolId);
  const name = rows.data?.rows.find((row) => row.id === entityId)?.name ?? "";
  return (
    <Flex vertical gap="middle">
      <Crumbs items={[{ label: cards.data?.get(schoolId)?.name ?? t("school.thisSchool"), to: paths.school }, { label: name }]} />
      <Typography.Title level={1} style={{ margin: 0 }}>
        {`${t(`sliceNames.${slice}`)}: ${name}`}
      </Typography.Title>
      <FiltersBar />
      <OversightProblem error={weeks.error ?? rows.error} />
      {weeks.data !== undefined && (
        <TimelinessChart weeks={weeks.data} weekTarget={(week) => `${paths.week(slice, entityId, week)}${searchOfFilters(filters)}`} />
      )}
    </Flex>
  );
}

/** One page per slice, made once (the routes name the slice). */
export const SLICE_PAGES: Record<Slice, ComponentType> = {
  teachers: () => <SlicePage slice="teachers" />,
  classes: () => <SlicePage slice="classes" />,
  subjects: () => <SlicePage slice="subjects" />,
};
