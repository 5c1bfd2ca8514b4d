/** The teacher's lessons of the day, lesson plans and the paper-journal import: Russian first; English has the same keys. */
const ru = {
  menu: "Уроки на сегодня",
};

const en: typeof ru = {
  menu: "Today's lessons",
};

export const teacherMessages = { ru, en };
