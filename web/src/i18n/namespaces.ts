import { classTeacherMessages } from "../areas/class-teacher/messages";
import { familyMessages } from "../family/messages";
import { forecastMessages } from "../forecast/messages";
import { helpdeskMessages } from "../helpdesk/messages";
import { journalMessages } from "../areas/teacher/journal/messages";
import { offlineMessages } from "../offline/messages";
import { oversightMessages } from "../oversight/messages";
import { oversightLoadMessages } from "../oversight/load/messages";
import { oversightMonitoringMessages } from "../oversight/monitoring/messages";
import { oversightObjectivityMessages } from "../oversight/objectivity/messages";
import { oversightUsageMessages } from "../oversight/usage/messages";
import { schoolMessages } from "../areas/school/messages";
import { schoolReportsMessages } from "../areas/school/reports/messages";
import { schoolScheduleMessages } from "../areas/school/schedule/messages";
import { teacherMessages } from "../areas/teacher/messages";

/**
 * The app's message namespaces besides the common one (`translation`, in ru.ts and en.ts):
 * one per part of the app, kept next to its screens so that each part's words change in its
 * own folder. Screens use `useTranslation("<namespace>")`.
 */
export const NAMESPACES = {
  journal: journalMessages,
  teacher: teacherMessages,
  offline: offlineMessages,
  classTeacher: classTeacherMessages,
  family: familyMessages,
  school: schoolMessages,
  schoolSchedule: schoolScheduleMessages,
  schoolReports: schoolReportsMessages,
  oversight: oversightMessages,
  oversightObjectivity: oversightObjectivityMessages,
  oversightLoad: oversightLoadMessages,
  oversightUsage: oversightUsageMessages,
  oversightMonitoring: oversightMonitoringMessages,
  forecast: forecastMessages,
  helpdesk: helpdeskMessages,
};

export type Namespace = keyof typeof NAMESPACES;
