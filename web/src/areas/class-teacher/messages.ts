/** The class teacher's screens: attendance week, sick notes, students and parents, summaries: Russian first; English has the same keys. */
const ru = {
  menu: "Мой класс",
};

const en: typeof ru = {
  menu: "My class",
};

export const classTeacherMessages = { ru, en };
