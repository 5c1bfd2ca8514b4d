import { DiaryScreen } from "../../family/DiaryScreen";
import { InboxScreen } from "../../family/InboxScreen";
import { MarksScreen } from "../../family/MarksScreen";
import { SummaryScreen } from "../../family/SummaryScreen";

export function ParentDiary() {
  return <DiaryScreen role="parent" />;
}

export function ParentMarks() {
  return <MarksScreen role="parent" />;
}

export function ParentSummary() {
  return <SummaryScreen role="parent" />;
}

export function ParentInbox() {
  return <InboxScreen role="parent" />;
}
