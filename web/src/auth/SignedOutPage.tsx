import { Button, Flex, Result } from "antd";
import { useTranslation } from "react-i18next";

import { LanguageSwitch } from "../layout/LanguageSwitch";
import { useSession } from "./useSession";

/** Where the issuer sends the browser after sign-out: the session has ended. */
export function SignedOutPage() {
  const { t } = useTranslation();
  const session = useSession();
  return (
    <main>
      <Flex justify="flex-end" className="okrug-header">
        <LanguageSwitch />
      </Flex>
      <Result
        status="success"
        title={<h1 className="okrug-result-title">{t("auth.signedOut")}</h1>}
        extra={
          <Button type="primary" onClick={() => void session.signIn()}>
            {t("auth.signInAgain")}
          </Button>
        }
      />
    </main>
  );
}
