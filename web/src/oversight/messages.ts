/** Oversight of journal keeping (the district's and the school leadership's views: the frame, filters, drill-down, timeliness and completion): Russian first; English has the same keys. */
const ru = {
  title: "Мониторинг ведения журнала",
};

const en: typeof ru = {
  title: "Journal keeping oversight",
};

export const oversightMessages = { ru, en };
