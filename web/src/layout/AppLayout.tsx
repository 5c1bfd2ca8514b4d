import { Layout, Menu } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router";

import { areaPath } from "../areas/areas";
import type { Workplace } from "../schools/workplace";
import { AppHeader } from "./AppHeader";

/** The page frame: header, the person's areas (when they have more than one), the content. */
export function AppLayout({ workplace, children }: { workplace: Workplace | null; children: ReactNode }) {
  const { t } = useTranslation();
  const location = useLocation();
  const areas = workplace?.areas ?? [];
  return (
    <Layout className="okrug-layout">
      <AppHeader workplace={workplace} />
      <Layout>
        {areas.length > 1 && (
          <Layout.Sider breakpoint="md" collapsedWidth={0} theme="light" width={240}>
            <nav aria-label={t("areas.menu")}>
              <Menu
                mode="inline"
                selectedKeys={[location.pathname.split("/")[1] ?? ""]}
                items={areas.map((area) => ({ key: area, label: <Link to={areaPath(area)}>{t(`areas.${area}.title`)}</Link> }))}
              />
            </nav>
          </Layout.Sider>
        )}
        <Layout.Content className="okrug-content">
          <main>{children}</main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
