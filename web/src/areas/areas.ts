import type { TFunction } from "i18next";

/** The parts of the app, one per kind of work; each later issue fills its area's screens. */
export const AREAS = ["teacher", "class-teacher", "parent", "student", "school", "district"] as const;
export type Area = (typeof AREAS)[number];

/** Roles that open an area: the roles held at the token's school (district roles anywhere). */
const AREA_ROLES: Record<Area, readonly string[]> = {
  teacher: ["teacher"],
  "class-teacher": ["class-teacher"],
  parent: ["parent"],
  student: ["student"],
  school: ["director", "deputy-director", "school-admin", "secretary"],
  district: ["district-admin", "working-group-member", "support-agent"],
};

export function areasOf(roles: readonly string[]): Area[] {
  return AREAS.filter((area) => AREA_ROLES[area].some((role) => roles.includes(role)));
}

export function areaPath(area: Area): string {
  return `/${area}`;
}

const KNOWN_ROLES = new Set(Object.values(AREA_ROLES).flat());

/** A role's name in the interface language; an unknown role shows as it is named. */
export function roleLabel(t: TFunction, role: string): string {
  return KNOWN_ROLES.has(role) ? t(`roles.${role as "teacher"}`) : role;
}
