/** The school's people, classes, card and activity: Russian first; English has the same keys. */
const ru = {
  menu: "Люди",
};

const en: typeof ru = {
  menu: "People",
};

export const schoolMessages = { ru, en };
