import { ArrowDownOutlined, ArrowUpOutlined } from "@ant-design/icons";
import type { TableColumnType } from "antd";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { formatShare, sharesOf, type TimelinessCounts } from "./format";
import type { IndexPart, LessonCounts } from "./model";
import type { SchoolUsageWeek } from "./ranking";

/** Dark enough on white for WCAG AA (the school reports' tones). */
const TONES = { good: "#237804", bad: "#a8071a" } as const;

/** A share of entries due and its count: "92,5 % (37)". */
export function countText(counts: TimelinessCounts, key: keyof TimelinessCounts, language: string): string {
  const shares = sharesOf(counts);
  const share = shares === null ? null : { on_time: shares.onTime, late: shares.late, missing: shares.missing }[key];
  return `${formatShare(share, language)} (${String(counts[key])})`;
}

/**
 * The three timeliness columns of a table (on time, late, missing: share and count), each
 * a link to what makes it when `target` gives one.
 */
export function timelinessColumns<Row>(
  t: TFunction<"oversight">,
  language: string,
  countsOf: (row: Row) => TimelinessCounts,
  target?: (row: Row) => string,
): TableColumnType<Row>[] {
  const column = (key: keyof TimelinessCounts, title: string): TableColumnType<Row> => ({
    key,
    title,
    align: "right",
    render: (_, row) => {
      const text = countText(countsOf(row), key, language);
      return target === undefined ? text : <Link to={target(row)}>{text}</Link>;
    },
  });
  return [column("on_time", t("figures.onTime")), column("late", t("figures.late")), column("missing", t("figures.missing"))];
}

/** A change of the on-time share in points: an arrow and the points, worded. */
export function TrendText({ points }: { points: number | null }) {
  const { t, i18n } = useTranslation("oversight");
  if (points === null) return <>{t("figures.noTrend")}</>;
  if (points === 0) return <>{t("figures.trendFlat")}</>;
  const magnitude = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 }).format(Math.abs(points));
  const up = points > 0;
  return (
    <span style={{ color: up ? TONES.good : TONES.bad, whiteSpace: "nowrap" }}>
      {up ? <ArrowUpOutlined aria-hidden /> : <ArrowDownOutlined aria-hidden />}{" "}
      {up ? t("figures.trendUp", { points: magnitude }) : t("figures.trendDown", { points: magnitude })}
    </span>
  );
}

/** Lessons held of those planned, with the share: "18 из 20 (90 %)". */
export function completionText(t: TFunction<"oversight">, lessons: LessonCounts, language: string): string {
  if (lessons.planned === 0) return "—";
  return t("figures.completionValue", { held: lessons.held, planned: lessons.planned, share: formatShare(lessons.held_share, language) });
}

/** The index's change over the last week, small beside the index: "↑ 3,2"; nothing when
 * there is no week before to compare. */
export function IndexTrendText({ points }: { points: number | null }) {
  const { t, i18n } = useTranslation("oversight");
  if (points === null) return null;
  const magnitude = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 }).format(Math.abs(points));
  const words = points === 0 ? t("indexTrend.flat") : points > 0 ? t("indexTrend.up", { points: magnitude }) : t("indexTrend.down", { points: magnitude });
  const tone = points === 0 ? undefined : points > 0 ? TONES.good : TONES.bad;
  return (
    <span title={words} style={{ color: tone, fontSize: 12, whiteSpace: "nowrap" }}>
      {points > 0 && <ArrowUpOutlined aria-hidden />}
      {points < 0 && <ArrowDownOutlined aria-hidden />} {points === 0 ? "=" : magnitude}
      <span className="okrug-visually-hidden">{words}</span>
    </span>
  );
}

/** Class evenings within SanPiN's limit and those over it: "50 % (сверх нормы: 2 из 4)". */
export function loadText(t: TFunction<"oversight">, part: IndexPart, language: string): string {
  return t("figures.homeworkLoadValue", { share: formatShare(part.share, language), over: part.counted - part.met, evenings: part.counted });
}

/** A week's real work in the journal: persons who made entries, diary readers. */
export function usageText(t: TFunction<"oversight">, usage: SchoolUsageWeek): string {
  return t("figures.usageValue", { entries: usage.lessonEntries, diary: usage.diaryReaders });
}
