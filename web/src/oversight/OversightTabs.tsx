import { Tabs } from "antd";
import { Suspense, lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";

import { Loading } from "../layout/Loading";
import { OVERSIGHT_PANELS, type OversightPanel } from "./panels";
import type { OversightPanelProps, OversightQuery } from "./query";

const KEEPING_TAB = "keeping";

// One lazy component per panel for the app's lifetime: React keeps what it loaded.
const loaded = new Map<string, LazyExoticComponent<ComponentType<OversightPanelProps>>>();

function panelComponent(panel: OversightPanel): LazyExoticComponent<ComponentType<OversightPanelProps>> {
  const known = loaded.get(panel.key);
  if (known !== undefined) return known;
  const made = lazy(panel.load);
  loaded.set(panel.key, made);
  return made;
}

function PanelTitle({ panel }: { panel: OversightPanel }) {
  const { t } = useTranslation(panel.ns);
  return <>{(t as (key: string) => string)(panel.label)}</>;
}

/**
 * Journal keeping (this frame's own figures) and every part of oversight the viewer may see,
 * one tab each; a panel's code is loaded when its tab first opens. The open tab is in the
 * address (`?tab=`), beside the filters.
 */
export function OversightTabs({
  query,
  keeping,
  registry = OVERSIGHT_PANELS,
}: {
  query: OversightQuery;
  keeping: ReactNode;
  registry?: readonly OversightPanel[];
}) {
  const { t } = useTranslation("oversight");
  const [search, setSearch] = useSearchParams();
  const panels = registry.filter((panel) => panel.viewers.includes(query.viewer));
  const asked = search.get("tab");
  const active = panels.some((panel) => panel.key === asked) ? (asked ?? KEEPING_TAB) : KEEPING_TAB;
  return (
    <Tabs
      activeKey={active}
      onChange={(key) => {
        const next = new URLSearchParams(search);
        if (key === KEEPING_TAB) next.delete("tab");
        else next.set("tab", key);
        setSearch(next, { replace: true });
      }}
      destroyOnHidden
      items={[
        { key: KEEPING_TAB, label: t("tabs.keeping"), children: keeping },
        ...panels.map((panel) => {
          const Panel = panelComponent(panel);
          return {
            key: panel.key,
            label: <PanelTitle panel={panel} />,
            children: (
              <Suspense fallback={<Loading label={t("loading")} />}>
                <Panel query={query} />
              </Suspense>
            ),
          };
        }),
      ]}
    />
  );
}
