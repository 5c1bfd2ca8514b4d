import "i18next";

import type { NAMESPACES } from "./namespaces";
import type { Messages } from "./ru";

type NamespaceMessages = { [Name in keyof typeof NAMESPACES]: (typeof NAMESPACES)[Name]["ru"] };

declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "translation";
    resources: { translation: Messages } & NamespaceMessages;
    returnObjects: true;
  }
}
