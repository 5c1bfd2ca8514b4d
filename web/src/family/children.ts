import type { MySchool } from "../schools/queries";

/** A parent's child at one of the parent's schools (identity's /me/schools lists them). */
export interface FamilyChild {
  id: string;
  lastName: string;
  firstName: string;
  schoolId: string;
  schoolName: string | null;
}

/** Every child of the parent, school by school: the current school's first. */
export function childrenOf(schools: readonly MySchool[], currentSchool: string | null): FamilyChild[] {
  const ordered = [...schools].sort((a, b) => Number(b.school_id === currentSchool) - Number(a.school_id === currentSchool));
  return ordered
    .filter((school) => school.roles.includes("parent"))
    .flatMap((school) =>
      school.children.map((child) => ({
        id: child.id,
        lastName: child.last_name,
        firstName: child.first_name,
        schoolId: school.school_id,
        schoolName: school.school_name,
      })),
    );
}

/**
 * The child whose diary is shown: one of the current school's children (a token reads only its
 * school), the one the address names, else the one chosen last in this tab, else the first.
 */
export function chosenChild(
  children: readonly FamilyChild[],
  currentSchool: string | null,
  named: string | null,
  stored: string | null,
): FamilyChild | undefined {
  const here = children.filter((child) => child.schoolId === currentSchool);
  return here.find((child) => child.id === named) ?? here.find((child) => child.id === stored) ?? here[0];
}

const STORAGE_KEY = "okrug.family.child";

export function storedChild(): string | null {
  return window.sessionStorage.getItem(STORAGE_KEY);
}

export function storeChild(childId: string): void {
  window.sessionStorage.setItem(STORAGE_KEY, childId);
}
