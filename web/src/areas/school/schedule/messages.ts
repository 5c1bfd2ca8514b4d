/** The timetable, substitutions and the journal policy of a school: Russian first; English has the same keys. */
const ru = {
  menu: "Расписание",
};

const en: typeof ru = {
  menu: "Timetable",
};

export const schoolScheduleMessages = { ru, en };
