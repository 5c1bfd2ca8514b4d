import { createContext, useContext } from "react";
import { useParams } from "react-router";

import { useWorkplace } from "../schools/workplace";

import type { OversightQuery } from "./query";

/** The three things a school's figures break down by (O1): each drills down to its weeks. */
export const SLICES = ["teachers", "classes", "subjects"] as const;
export type Slice = (typeof SLICES)[number];

/**
 * Where an oversight page is looked at from: the district (any school, or the whole
 * district) or a school's leadership (their own school only). The district's pages live
 * under /district/oversight and a school's under /district/oversight/schools/<id>; the
 * leadership's under /school/oversight, whose school is the token's.
 */
export interface OversightPlace {
  readonly viewer: OversightQuery["viewer"];
  /** The path of the district's dashboard (district viewers) or of the school's page. */
  readonly root: string;
}

export const OversightPlaceContext = createContext<OversightPlace | null>(null);

export function useOversightPlace(): OversightPlace {
  const place = useContext(OversightPlaceContext);
  if (place === null) {
    throw new Error("useOversightPlace outside an oversight route");
  }
  return place;
}

/** The paths of the drill-down, from a school to a single lesson. */
export function oversightPaths(place: OversightPlace, schoolId: string) {
  const school = place.viewer === "district" ? `${place.root}/schools/${schoolId}` : place.root;
  return {
    school,
    slice: (slice: Slice, id: string) => `${school}/${slice}/${id}`,
    week: (slice: Slice, id: string, week: string) => `${school}/${slice}/${id}/weeks/${week}`,
    lesson: (lessonId: string) => `${school}/lessons/${lessonId}`,
  };
}

/** The school a page is of: the address's for the district, the token's for its leadership
 * (the leadership's addresses never name a school, so no other school can be asked for). */
export function useOversightSchool(): string {
  const place = useOversightPlace();
  const { schoolId } = useParams();
  const { me } = useWorkplace();
  return place.viewer === "district" ? (schoolId ?? "") : (me.school_id ?? "");
}
