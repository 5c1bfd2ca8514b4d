import { Alert, Flex, Typography } from "antd";
import { useTranslation } from "react-i18next";

import type { Area } from "./areas";

/**
 * An area's home page while its screens are still to come: what the area is for and which
 * screens it will hold, said plainly; no made-up data.
 */
export function AreaHome({ area }: { area: Area }) {
  const { t } = useTranslation();
  const screens = t(`areas.${area}.screens`);
  return (
    <Flex vertical gap="middle">
      <Typography.Title level={1}>{t(`areas.${area}.title`)}</Typography.Title>
      <Typography.Paragraph>{t(`areas.${area}.summary`)}</Typography.Paragraph>
      <Alert type="info" showIcon title={t("areas.notYet")} />
      <Typography.Title level={2} style={{ fontSize: 20 }}>
        {t("areas.planned")}
      </Typography.Title>
      <ul>
        {screens.map((screen) => (
          <li key={screen}>{screen}</li>
        ))}
      </ul>
    </Flex>
  );
}
