/** The screens of parents and students: diary, marks, inbox, summary sheet: Russian first; English has the same keys. */
const ru = {
  menu: "Дневник",
};

const en: typeof ru = {
  menu: "Diary",
};

export const familyMessages = { ru, en };
