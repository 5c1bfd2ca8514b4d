import { DiaryScreen } from "../../family/DiaryScreen";
import { MarksScreen } from "../../family/MarksScreen";
import { SummaryScreen } from "../../family/SummaryScreen";

export function StudentDiary() {
  return <DiaryScreen role="student" />;
}

export function StudentMarks() {
  return <MarksScreen role="student" />;
}

export function StudentSummary() {
  return <SummaryScreen role="student" />;
}
