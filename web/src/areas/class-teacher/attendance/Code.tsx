import { useTranslation } from "react-i18next";

import "../classTeacher.css";
import type { AttendanceCode } from "./week";

/** An attendance code (н, б, уп, нп, оп) in its journal colour. */
export function Code({ code }: { code: AttendanceCode }) {
  const { t } = useTranslation("classTeacher");
  return <span className={`ct-code ct-code-${code}`}>{t(`codes.${code}`)}</span>;
}
