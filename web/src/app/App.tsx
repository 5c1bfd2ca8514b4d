import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { App as AntApp, ConfigProvider } from "antd";
import enUS from "antd/locale/en_US";
import ruRU from "antd/locale/ru_RU";
import dayjs from "dayjs";
import "dayjs/locale/ru";
import type { UserManager } from "oidc-client-ts";
import { StrictMode, useMemo, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { AuthProvider } from "react-oidc-context";
import { RouterProvider, createBrowserRouter } from "react-router";

import { ApiContext } from "../api/ApiContext";
import type { Api } from "../api/client";
import { returnToOf } from "../auth/userManager";
import { ConfigContext } from "../config/ConfigContext";
import type { RuntimeConfig } from "../config/runtime";
import { routes } from "./routes";
import { theme } from "./theme";

/** Ant Design's texts (pickers, pagination, empty states) and dates follow the interface language. */
function Localized({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const english = i18n.language === "en";
  dayjs.locale(english ? "en" : "ru");
  return (
    <ConfigProvider locale={english ? enUS : ruRU} theme={theme}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

export function App({ config, userManager, api }: { config: RuntimeConfig; userManager: UserManager; api: Api }) {
  const router = useMemo(() => createBrowserRouter(routes), []);
  const queryClient = useMemo(() => new QueryClient({ defaultOptions: { queries: { staleTime: 30_000, retry: 1 } } }), []);
  return (
    <StrictMode>
      <ConfigContext value={config}>
        <Localized>
          <AuthProvider
            userManager={userManager}
            onSigninCallback={(user) => void router.navigate(returnToOf(user), { replace: true })}
            onRemoveUser={() => {
              queryClient.clear();
            }}
          >
            <QueryClientProvider client={queryClient}>
              <ApiContext value={api}>
                <RouterProvider router={router} />
              </ApiContext>
            </QueryClientProvider>
          </AuthProvider>
        </Localized>
      </ConfigContext>
    </StrictMode>
  );
}
