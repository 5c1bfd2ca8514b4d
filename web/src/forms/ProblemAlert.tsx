import { Alert } from "antd";
import { useTranslation } from "react-i18next";

import type { ShownProblem } from "./problems";

/** The problem above a form: its summary and the errors no field of the form shows. */
export function ProblemAlert({ shown }: { shown: ShownProblem | null }) {
  const { t } = useTranslation();
  if (shown === null) {
    return null;
  }
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={t("problems.title")}
      description={
        <>
          <div>{shown.summary}</div>
          {shown.unplaced.length > 0 && (
            <ul>
              {shown.unplaced.map((text) => (
                <li key={text}>{text}</li>
              ))}
            </ul>
          )}
        </>
      }
    />
  );
}
