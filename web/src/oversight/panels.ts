import type { ComponentType } from "react";

import type { Namespace } from "../i18n/namespaces";
import type { OversightPanelProps, OversightQuery } from "./query";

/**
 * The parts of oversight shown as panels of a school's (or the district's) oversight page:
 * each part adds its entry here, and the frame renders one tab per entry the viewer may see,
 * loading the panel's code only when its tab opens.
 */
export interface OversightPanel {
  readonly key: string;
  readonly ns: Namespace;
  /** Key of the tab's title in the panel's namespace: a short one, so that every tab fits
   * (overflowing tabs put Ant Design's "more" button inside the tablist, which axe refuses). */
  readonly label: string;
  readonly viewers: readonly OversightQuery["viewer"][];
  readonly load: () => Promise<{ default: ComponentType<OversightPanelProps> }>;
}

export const OVERSIGHT_PANELS: readonly OversightPanel[] = [
  {
    key: "objectivity",
    ns: "oversightObjectivity",
    label: "tab",
    viewers: ["district", "school"],
    load: () => import("./objectivity/ObjectivityPanel"),
  },
  { key: "homework-load", ns: "oversightLoad", label: "tab", viewers: ["district", "school"], load: () => import("./load/LoadPanel") },
  { key: "usage", ns: "oversightUsage", label: "tab", viewers: ["district", "school"], load: () => import("./usage/UsagePanel") },
  // Students heading for a failing period mark (J12): named for the school's leadership,
  // counted per school for the district.
  { key: "forecast", ns: "forecast", label: "panelTitle", viewers: ["district", "school"], load: () => import("../forecast/OversightForecastPanel") },
  // Monitoring reports (O5): made at each study period's end and on demand, with who received them.
  { key: "monitoring", ns: "oversightMonitoring", label: "tab", viewers: ["district", "school"], load: () => import("./monitoring/MonitoringPanel") },
];
