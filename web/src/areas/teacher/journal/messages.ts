/** The journal grid of a class or group: marks, attendance, topics, homework: Russian first; English has the same keys. */
const ru = {
  menu: "Журнал",
};

const en: typeof ru = {
  menu: "Journal",
};

export const journalMessages = { ru, en };
