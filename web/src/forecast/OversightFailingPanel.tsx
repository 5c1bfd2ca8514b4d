import { Alert, Flex, Typography } from "antd";
import { useTranslation } from "react-i18next";

import { Loading } from "../layout/Loading";
import type { OversightPanelProps } from "../oversight/query";
import { FailingTable } from "./FailingTable";
import { PeriodName } from "./PeriodName";
import { useSchoolFailing } from "./queries";

/** The school leadership's list of students heading for a failing period mark (J12), named,
 * every class and subject of their school. */
export default function OversightFailingPanel({ query }: OversightPanelProps) {
  const { t } = useTranslation("forecast");
  const failing = useSchoolFailing(query.period);
  return (
    <Flex vertical gap="middle" data-testid="forecast-panel">
      <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>
        {t("failingSchool")}
      </Typography.Title>
      {failing.isPending && <Loading label={t("title")} />}
      {failing.error !== null && <Alert type="error" showIcon title={t("loadFailed", { message: failing.error.message })} />}
      {failing.data !== undefined && (
        <>
          <Typography.Text>
            {t("period")}: <PeriodName code={failing.data.period.code} />
          </Typography.Text>
          <FailingTable list={failing.data} />
          <Typography.Paragraph type="secondary">{t("rounding")}</Typography.Paragraph>
        </>
      )}
    </Flex>
  );
}
