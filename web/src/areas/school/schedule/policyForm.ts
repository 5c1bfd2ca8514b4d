import type { components } from "../../../api/generated/journal";

type PolicyRead = components["schemas"]["PolicyRead"];
type PolicyUpdate = components["schemas"]["JournalPolicyUpdate"];
type WorkType = components["schemas"]["WorkType-Input"];

/** What the policy form edits; the rest of the policy is shown, not edited here (the study
 * periods, holidays and days off come from the school's calendar in schedule). */
export interface PolicyForm {
  scale: PolicyRead["scale"];
  edit_window: PolicyRead["edit_window"];
  work_types: (Omit<WorkType, "weight"> & { weight: number })[];
  deadlines: PolicyRead["deadlines"];
}

const EDITED = ["scale", "edit_window", "work_types", "deadlines"] as const;

export function toPolicyForm(policy: PolicyRead): PolicyForm {
  return {
    scale: policy.scale,
    edit_window: policy.edit_window,
    work_types: policy.work_types.map((workType) => ({ ...workType, weight: Number(workType.weight) })),
    deadlines: policy.deadlines,
  };
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The body of PUT /journal/policy: a field left out follows the district's default, so the
 * body keeps every field the school set before and adds the fields changed now (a field the
 * district locked is never sent).
 */
export function policyUpdate(policy: PolicyRead, values: PolicyForm): PolicyUpdate {
  const before = toPolicyForm(policy);
  const update: Record<string, unknown> = {};
  for (const field of policy.school_overrides) {
    if (field in policy) update[field] = policy[field as keyof PolicyRead];
  }
  for (const field of EDITED) {
    if (policy.school_overrides.includes(field) || !same(before[field], values[field])) {
      update[field] = values[field];
    }
  }
  for (const field of policy.district_locked) {
    // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- the body is keyed by the policy's field names
    delete update[field];
  }
  return update;
}
