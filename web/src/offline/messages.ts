/** Entries kept in the browser while the network is down (J13): Russian first; English has the same keys. */
const ru = {
  menu: "Нет связи: записи сохраняются в браузере",
  status: {
    label: "Отправка записей журнала",
    offline: "Нет связи с сервером. Записи сохраняются в этом браузере и будут отправлены, когда связь вернётся.",
    waitingOffline: "Нет связи с сервером. Сохранено в браузере и ждёт отправки: {{count}}.",
    sending: "Отправляются записи, сохранённые в браузере. Ждут отправки: {{count}}.",
    sent: "Связь восстановлена. Отправлено сохранений из браузера: {{count}} (в {{time}}).",
    refused: "Журнал не принял сохранение урока от {{made}}: {{reason}}",
    dismiss: "Убрать",
  },
  problems: {
    "claimed-in-future": "Часы этого компьютера спешат больше чем на сутки: время записи оказалось в будущем.",
  },
};

const en: typeof ru = {
  menu: "Offline: entries are kept in this browser",
  status: {
    label: "Sending journal entries",
    offline: "No connection to the server. Entries are kept in this browser and will be sent when the connection is back.",
    waitingOffline: "No connection to the server. Kept in this browser, waiting to be sent: {{count}}.",
    sending: "Sending the entries kept in this browser. Waiting: {{count}}.",
    sent: "The connection is back. Saves sent from this browser: {{count}} (at {{time}}).",
    refused: "The journal did not take the lesson's save made {{made}}: {{reason}}",
    dismiss: "Dismiss",
  },
  problems: {
    "claimed-in-future": "This computer's clock runs more than a day ahead: the moment of the entry lies in the future.",
  },
};

export const offlineMessages = { ru, en };
