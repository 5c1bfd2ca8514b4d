import { Button, Result } from "antd";
import { useTranslation } from "react-i18next";

import { useSession } from "./useSession";

/** Where the issuer sends the browser after sign-out: the session has ended. */
export function SignedOutPage() {
  const { t } = useTranslation();
  const session = useSession();
  return (
    <main>
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
