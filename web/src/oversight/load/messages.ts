/** Homework load against the SanPiN limits (O3): Russian first; English has the same keys. */
const ru = {
  title: "Нагрузка домашними заданиями",
};

const en: typeof ru = {
  title: "Homework load",
};

export const oversightLoadMessages = { ru, en };
