/** The forecast of period marks and the marks needed to change it (J12): Russian first; English has the same keys. */
const ru = {
  title: "Прогноз отметок",
};

const en: typeof ru = {
  title: "Mark forecast",
};

export const forecastMessages = { ru, en };
