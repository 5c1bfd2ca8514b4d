/** Objectivity of marking (O2, J3): Russian first; English has the same keys. */
const ru = {
  title: "Объективность оценивания",
};

const en: typeof ru = {
  title: "Objectivity of marking",
};

export const oversightObjectivityMessages = { ru, en };
