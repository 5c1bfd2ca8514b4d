import { DiaryScreen } from "../../family/DiaryScreen";
import { InboxScreen } from "../../family/InboxScreen";
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

export function StudentInbox() {
  return <InboxScreen role="student" />;
}
