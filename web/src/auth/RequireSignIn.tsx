import { Alert, Button, Result } from "antd";
import { useEffect, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useAuth } from "react-oidc-context";
import { useLocation } from "react-router";

import { useRuntimeConfig } from "../config/ConfigContext";
import { Loading } from "../layout/Loading";
import { useSession } from "./useSession";

/** Renders its children for a signed-in person; sends anyone else to the sign-in page. */
export function RequireSignIn({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const config = useRuntimeConfig();
  const auth = useAuth();
  const session = useSession();
  const location = useLocation();
  const mustSignIn =
    config.browserSignIn && !auth.isLoading && !auth.isAuthenticated && auth.error === undefined && auth.activeNavigator === undefined;

  useEffect(() => {
    if (mustSignIn) {
      void session.signIn(location.pathname + location.search);
    }
  }, [mustSignIn, session, location.pathname, location.search]);

  if (!config.browserSignIn) {
    return <Result status="info" title={t("app.name")} subTitle={t("auth.localIssuer")} />;
  }
  if (auth.error !== undefined) {
    return (
      <Result
        status="error"
        title={t("errors.title")}
        subTitle={<Alert type="error" title={t("auth.failed", { message: auth.error.message })} />}
        extra={<Button onClick={() => void session.signIn()}>{t("auth.retry")}</Button>}
      />
    );
  }
  if (!auth.isAuthenticated) {
    return <Loading label={t("auth.signingIn")} />;
  }
  return children;
}
