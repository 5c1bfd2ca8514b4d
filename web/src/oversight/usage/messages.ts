/** Usage of the journal by role (O4): Russian first; English has the same keys. */
const ru = {
  title: "Активность пользователей",
  failed: "Не удалось получить активность пользователей.",
  covers: "Недели с {{from}} по {{to}}; в каждой неделе человек считается один раз",
  activity: "Кто и что делал",
  week: "Неделя с {{date}}",
  school: "Школа",
  all: "Все школы",
  chartLabel: "Число людей по неделям: {{what}}",
  tableCaption: "Число людей по неделям и видам работы",
  schoolsCaption: "Число людей за последнюю неделю по школам",
  lastWeek: "За неделю с {{date}}",
  none: "За эти недели никто не работал в журнале.",
  activities: {
    "lesson-entries": "Вносили записи уроков",
    "absence-reasons": "Классные руководители: причины пропусков и справки",
    "diary-parents": "Родители читали дневник",
    "diary-students": "Обучающиеся читали дневник",
    "active-teachers": "Учителя заходили",
    "active-class-teachers": "Классные руководители заходили",
    "active-leadership": "Администрация заходила",
    "active-parents": "Родители заходили",
    "active-students": "Обучающиеся заходили",
  },
};

const en: typeof ru = {
  title: "Usage",
  failed: "Usage could not be read.",
  covers: "Weeks from {{from}} to {{to}}; a person counts once a week",
  activity: "Who did what",
  week: "Week of {{date}}",
  school: "School",
  all: "All schools",
  chartLabel: "Persons per week: {{what}}",
  tableCaption: "Persons per week and kind of work",
  schoolsCaption: "Persons in the last week by school",
  lastWeek: "In the week of {{date}}",
  none: "Nobody worked in the journal in these weeks.",
  activities: {
    "lesson-entries": "Made lesson entries",
    "absence-reasons": "Class teachers: absence reasons and notes",
    "diary-parents": "Parents read the diary",
    "diary-students": "Students read the diary",
    "active-teachers": "Teachers signed in",
    "active-class-teachers": "Class teachers signed in",
    "active-leadership": "Leadership signed in",
    "active-parents": "Parents signed in",
    "active-students": "Students signed in",
  },
};

export const oversightUsageMessages = { ru, en };
