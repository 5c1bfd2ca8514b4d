/** Usage of the journal by role (O4): Russian first; English has the same keys. */
const ru = {
  title: "Активность пользователей",
};

const en: typeof ru = {
  title: "Usage",
};

export const oversightUsageMessages = { ru, en };
