import { Alert, Flex, Typography } from "antd";
import { useTranslation } from "react-i18next";

import { Loading } from "../layout/Loading";
import { FailingTable } from "./FailingTable";
import { PeriodName } from "../i18n/periods";
import { useTeacherFailing } from "./queries";

/** A teacher's students heading for a failing period mark, in the classes and subjects they
 * teach, for the current study period (J12). */
export function TeacherFailingPage() {
  const { t } = useTranslation("forecast");
  const failing = useTeacherFailing(null);
  return (
    <Flex vertical gap="middle">
      <Typography.Title level={1} style={{ marginBottom: 0 }}>
        {t("failingMine")}
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
