import { Tag } from "antd";
import { useTranslation } from "react-i18next";

import type { RequestStatus } from "./queries";

const COLORS: Record<RequestStatus, string> = {
  new: "blue",
  in_progress: "gold",
  waiting_for_school: "purple",
  answered: "green",
  closed: "default",
  reopened: "volcano",
};

export function StatusTag({ status }: { status: RequestStatus }) {
  const { t } = useTranslation("helpdesk");
  return <Tag color={COLORS[status]}>{t(`status.${status}`)}</Tag>;
}
