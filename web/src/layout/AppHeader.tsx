import { Button, Flex, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { useAuth } from "react-oidc-context";
import { Link } from "react-router";

import { displayName } from "../auth/userManager";
import { useSession } from "../auth/useSession";
import type { Workplace } from "../schools/workplace";
import { LanguageSwitch } from "./LanguageSwitch";

/** The app's name, the school worked in (and a way to change it), the person, the
 * language and sign-out. Without a workplace yet (school choice) the school is left out. */
export function AppHeader({ workplace }: { workplace: Workplace | null }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const session = useSession();
  const schoolName = workplace?.school?.school_name ?? (workplace?.school ? t("schools.unnamed") : null);
  const severalSchools = (workplace?.schools.length ?? 0) > 1;
  return (
    <Flex component="header" align="center" justify="space-between" gap="middle" wrap className="okrug-header">
      <Flex align="center" gap="large" wrap>
        <Link to="/" className="okrug-brand">
          {t("app.name")}
        </Link>
        {workplace !== null && (
          <span data-testid="current-school">
            <span className="okrug-visually-hidden">{t("schools.current")}: </span>
            {schoolName ?? t("schools.district")}
          </span>
        )}
        {severalSchools && workplace?.school !== undefined && <Link to="/schools">{t("schools.change")}</Link>}
      </Flex>
      <Flex align="center" gap="middle" wrap>
        <Typography.Text strong data-testid="person-name">
          {displayName(user)}
        </Typography.Text>
        <LanguageSwitch />
        <Button onClick={() => void session.signOut()}>{t("auth.signOut")}</Button>
      </Flex>
    </Flex>
  );
}
