import { ArrowDownOutlined, ArrowUpOutlined } from "@ant-design/icons";
import type { TableColumnType } from "antd";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { formatShare, onTimeTrend, sharesOf, type TimelinessCounts } from "./format";
import type { Completion, WeekCounts } from "./model";

/** Dark enough on white for WCAG AA (the school reports' tones). */
const TONES = { good: "#237804", bad: "#a8071a" } as const;

/**
 * The three timeliness columns of a table (on time, late, missing: share and count), each
 * share a link to what makes it when `target` gives one.
 */
export function timelinessColumns<Row extends TimelinessCounts>(
  t: TFunction<"oversight">,
  language: string,
  target?: (row: Row) => string,
): TableColumnType<Row>[] {
  const column = (key: keyof TimelinessCounts, title: string): TableColumnType<Row> => ({
    key,
    title,
    align: "right",
    render: (_, row) => {
      const shares = sharesOf(row);
      const share = shares === null ? null : { on_time: shares.onTime, late: shares.late, missing: shares.missing }[key];
      const text = `${formatShare(share, language)} (${String(row[key])})`;
      return target === undefined ? text : <Link to={target(row)}>{text}</Link>;
    },
  });
  return [
    column("on_time", t("figures.onTime")),
    column("late", t("figures.late")),
    column("missing", t("figures.missing")),
  ];
}

/** The on-time share's change from the week before: an arrow and the points, worded. */
export function TrendText({ weeks }: { weeks: readonly WeekCounts[] }) {
  const { t } = useTranslation("oversight");
  const points = onTimeTrend(weeks);
  if (points === null) return <>{t("figures.noTrend")}</>;
  const magnitude = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 }).format(Math.abs(points));
  if (points === 0) return <>{t("figures.trendFlat")}</>;
  const up = points > 0;
  return (
    <span style={{ color: up ? TONES.good : TONES.bad, whiteSpace: "nowrap" }}>
      {up ? <ArrowUpOutlined aria-hidden /> : <ArrowDownOutlined aria-hidden />}{" "}
      {up ? t("figures.trendUp", { points: magnitude }) : t("figures.trendDown", { points: magnitude })}
    </span>
  );
}

export function completionText(t: TFunction<"oversight">, completion: Completion | null): string {
  return completion === null ? "—" : t("figures.completionValue", { held: completion.held, planned: completion.planned });
}
