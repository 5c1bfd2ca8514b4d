import { Tag } from "antd";
import { useTranslation } from "react-i18next";

import type { RequestStatus } from "./queries";

/** A request's status as a tag in the text's own colour: Ant Design's coloured tags (green,
 * gold) fall below axe's contrast ratio; only "new" is marked out, in blue, which passes. */
export function StatusTag({ status }: { status: RequestStatus }) {
  const { t } = useTranslation("helpdesk");
  return <Tag color={status === "new" ? "blue" : "default"}>{t(`status.${status}`)}</Tag>;
}
