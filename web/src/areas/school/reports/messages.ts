/** The school's reports and their downloads: Russian first; English has the same keys. */
const ru = {
  menu: "Отчёты",
};

const en: typeof ru = {
  menu: "Reports",
};

export const schoolReportsMessages = { ru, en };
