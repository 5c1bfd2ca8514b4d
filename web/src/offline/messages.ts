/** Entries kept in the browser while the network is down (J13): Russian first; English has the same keys. */
const ru = {
  menu: "Нет связи: записи сохраняются в браузере",
};

const en: typeof ru = {
  menu: "Offline: entries are kept in this browser",
};

export const offlineMessages = { ru, en };
