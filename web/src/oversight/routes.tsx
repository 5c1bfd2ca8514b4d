import type { RouteObject } from "react-router";

import { OversightRoot } from "./OversightRoot";
import { SLICES } from "./place";
import type { OversightQuery } from "./query";

/** A school's drill-down: its page, a teacher / class / subject, a week of it, a lesson. */
function schoolRoutes(): RouteObject[] {
  return [
    { index: true, lazy: async () => ({ Component: (await import("./keeping/SchoolPage")).SchoolPage }) },
    ...SLICES.flatMap((slice): RouteObject[] => [
      { path: `${slice}/:entityId`, lazy: async () => ({ Component: (await import("./keeping/SlicePage")).SLICE_PAGES[slice] }) },
      { path: `${slice}/:entityId/weeks/:week`, lazy: async () => ({ Component: (await import("./keeping/WeekPage")).WEEK_PAGES[slice] }) },
    ]),
    { path: "lessons/:lessonId", lazy: async () => ({ Component: (await import("./keeping/LessonPage")).LessonPage }) },
  ];
}

/**
 * Oversight's routes in an area (`oversight/...`): the district's dashboard of every school
 * and each school under `schools/<id>`; the leadership's own school at `oversight` itself.
 */
export function oversightRoutes(viewer: OversightQuery["viewer"]): RouteObject {
  const children: RouteObject[] =
    viewer === "district"
      ? [
          { index: true, lazy: async () => ({ Component: (await import("./keeping/DistrictPage")).DistrictPage }) },
          { path: "schools/:schoolId", children: schoolRoutes() },
        ]
      : schoolRoutes();
  return { path: "oversight", element: <OversightRoot viewer={viewer} />, children };
}
