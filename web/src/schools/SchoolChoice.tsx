import { Button, Card, Flex, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";

import { useSession } from "../auth/useSession";
import { roleLabel } from "../areas/areas";
import type { MySchool } from "./queries";

/** The schools of a person of several: one is chosen by a new sign-in request for it. */
export function SchoolChoice({ schools, current }: { schools: readonly MySchool[]; current: string | null }) {
  const { t } = useTranslation();
  const session = useSession();
  return (
    <Flex vertical gap="middle" style={{ maxWidth: 720 }}>
      <Typography.Title level={1}>{t("schools.chooseTitle")}</Typography.Title>
      <Typography.Paragraph>{t("schools.chooseHint")}</Typography.Paragraph>
      <ul className="okrug-plain-list" aria-label={t("schools.chooseTitle")}>
        {schools.map((school) => {
          const name = school.school_name ?? t("schools.unnamed");
          return (
            <li key={school.school_id}>
              <Card>
                <Flex justify="space-between" align="center" gap="middle" wrap>
                  <div>
                    <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>
                      {name}
                    </Typography.Title>
                    <Flex gap="small" wrap style={{ marginTop: 8 }}>
                      {school.roles.map((role) => (
                        <Tag key={role}>{roleLabel(t, role)}</Tag>
                      ))}
                    </Flex>
                  </div>
                  <Button
                    type={school.school_id === current ? "default" : "primary"}
                    aria-label={`${t("schools.choose")}: ${name}`}
                    onClick={() => void session.chooseSchool(school.school_id)}
                  >
                    {t("schools.choose")}
                  </Button>
                </Flex>
              </Card>
            </li>
          );
        })}
      </ul>
    </Flex>
  );
}
