import "i18next";

import type { Messages } from "./ru";

declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "translation";
    resources: { translation: Messages };
    returnObjects: true;
  }
}
