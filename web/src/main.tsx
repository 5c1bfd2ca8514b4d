import { Result } from "antd";
import { createRoot } from "react-dom/client";

import "./app/app.css";
import { App } from "./app/App";
import { createApi } from "./api/client";
import { createUserManager } from "./auth/userManager";
import { loadRuntimeConfig } from "./config/runtime";
import { initI18n } from "./i18n";

async function start(): Promise<void> {
  const container = document.getElementById("root");
  if (container === null) {
    throw new Error("index.html has no #root");
  }
  const root = createRoot(container);
  const i18n = await initI18n();
  try {
    const config = await loadRuntimeConfig();
    const userManager = createUserManager(config);
    const api = createApi(async () => (await userManager.getUser())?.access_token ?? null);
    root.render(<App config={config} userManager={userManager} api={api} />);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    root.render(<Result status="error" title={i18n.t("errors.title")} subTitle={i18n.t("errors.config", { message })} />);
  }
}

void start();
