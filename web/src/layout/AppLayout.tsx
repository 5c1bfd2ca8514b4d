import { Layout, Menu, type MenuProps } from "antd";
import type { TFunction } from "i18next";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router";

import { AREA_SCREENS } from "../areas/areaScreens";
import { areaPath, type Area } from "../areas/areas";
import type { MenuEntry } from "../areas/screens";
import type { Workplace } from "../schools/workplace";
import { AppHeader } from "./AppHeader";

type MenuItem = Required<MenuProps>["items"][number];

function entryKey(area: Area, entry: MenuEntry): string {
  return entry.path === "" ? area : `${area}/${entry.path}`;
}

function entryItem(area: Area, entry: MenuEntry, t: TFunction): MenuItem {
  const label = (t as (key: string, options: object) => string)(entry.label, { ns: entry.ns });
  return { key: entryKey(area, entry), label: <Link to={`/${entryKey(area, entry)}`}>{label}</Link> };
}

/** The menu: each area of the person, with its screens beneath it when it has several. */
export function menuItems(areas: readonly Area[], t: TFunction): MenuItem[] {
  const areaItem = (area: Area): MenuItem => ({ key: area, label: <Link to={areaPath(area)}>{t(`areas.${area}.title`)}</Link> });
  if (areas.length === 1 && areas[0] !== undefined) {
    const only = areas[0];
    const entries = AREA_SCREENS[only].menu;
    return entries.length === 0 ? [areaItem(only)] : entries.map((entry) => entryItem(only, entry, t));
  }
  return areas.map((area) => {
    const entries = AREA_SCREENS[area].menu;
    return entries.length === 0
      ? areaItem(area)
      : { key: `${area}:group`, type: "group", label: t(`areas.${area}.title`), children: entries.map((entry) => entryItem(area, entry, t)) };
  });
}

function keysOf(items: MenuItem[]): string[] {
  return items.flatMap((item) => {
    if (item === null) return [];
    const children = "children" in item && Array.isArray(item.children) ? keysOf(item.children) : [];
    return [String(item.key), ...children];
  });
}

/** The menu entry of a path: its area's screen (`/teacher/plans/7` is "teacher/plans"), or
 * the area itself for a screen without an entry of its own (the grid, say). */
export function selectedKey(pathname: string, items: MenuItem[]): string {
  const parts = pathname.split("/").filter(Boolean);
  const screen = parts.slice(0, 2).join("/");
  const keys = keysOf(items);
  return keys.includes(screen) ? screen : (parts[0] ?? "");
}

/** The page frame: header, the menu of the person's areas and screens, the content. */
export function AppLayout({ workplace, children }: { workplace: Workplace | null; children: ReactNode }) {
  const { t } = useTranslation();
  const location = useLocation();
  const areas = workplace?.areas ?? [];
  const items = menuItems(areas, t);
  const selected = selectedKey(location.pathname, items);
  return (
    <Layout className="okrug-layout">
      <AppHeader workplace={workplace} />
      <Layout>
        {items.length > 1 && (
          <Layout.Sider breakpoint="md" collapsedWidth={0} theme="light" width={240}>
            <nav aria-label={t("areas.menu")}>
              <Menu mode="inline" selectedKeys={[selected]} items={items} />
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
