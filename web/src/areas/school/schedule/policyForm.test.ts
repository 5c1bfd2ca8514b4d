import { describe, expect, it } from "vitest";

import type { components } from "../../../api/generated/journal";
import { policyUpdate, toPolicyForm } from "./policyForm";

type PolicyRead = components["schemas"]["PolicyRead"];

const policy: PolicyRead = {
  school_id: "s1",
  scale: "five-point",
  edit_window: "2-weeks",
  work_types: [{ code: "test", title_ru: "Контрольная работа", weight: "2.00", deadline: "test" }],
  deadlines: {
    attendance: { days: 0 },
    topics_days: 0,
    homework_days: 0,
    current_marks_days: 2,
    test_marks_days: 3,
    written_work_days: 7,
    period_marks_working_days: 5,
  },
  weekend_days: [5, 6],
  holidays: ["2026-11-04"],
  study_periods: [],
  homework_default_minutes: {},
  calendar_year: "2026/2027",
  time_zone: "Europe/Moscow",
  no_assessment_subjects: [],
  grades_without_marks: [1],
  school_overrides: ["grades_without_marks"],
  district_locked: ["scale"],
};

describe("policyUpdate", () => {
  it("sends nothing the school did not set or change, but keeps what it set before", () => {
    expect(policyUpdate(policy, toPolicyForm(policy))).toEqual({ grades_without_marks: [1] });
  });

  it("sends a changed field with the weights as numbers", () => {
    const values = toPolicyForm(policy);
    values.edit_window = "1-week";
    values.work_types = values.work_types.map((workType) => ({ ...workType, weight: 3 }));
    expect(policyUpdate(policy, values)).toEqual({
      grades_without_marks: [1],
      edit_window: "1-week",
      work_types: [{ code: "test", title_ru: "Контрольная работа", weight: 3, deadline: "test" }],
    });
  });

  it("never sends a field the district locked", () => {
    const values = toPolicyForm(policy);
    values.scale = "pass-fail";
    expect(policyUpdate(policy, values)).not.toHaveProperty("scale");
  });
});
