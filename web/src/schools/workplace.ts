import { createContext, useContext } from "react";

import type { Area } from "../areas/areas";
import type { Me, MySchool } from "./queries";

/** Where the signed-in person works now: the token's school (none for district staff), the
 * roles held there, the areas those roles open, and every school of the person. */
export interface Workplace {
  me: Me;
  school: MySchool | undefined;
  schools: readonly MySchool[];
  areas: readonly Area[];
}

export const WorkplaceContext = createContext<Workplace | null>(null);

export function useWorkplace(): Workplace {
  const workplace = useContext(WorkplaceContext);
  if (workplace === null) {
    throw new Error("useWorkplace outside WorkplaceGate");
  }
  return workplace;
}

/** A person of several schools whose token names none must choose one. */
export function mustChooseSchool(me: Me, schools: readonly MySchool[]): boolean {
  return me.school_id === null && schools.length > 0;
}
