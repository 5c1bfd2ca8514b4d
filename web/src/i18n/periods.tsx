import { useTranslation } from "react-i18next";

/** A study period's name ("2 четверть") by its code; a code the app has no words for shows
 * as it is. */
export function usePeriodName(): (code: string) => string {
  const { t, i18n } = useTranslation();
  return (code: string) => {
    const key = `periods.${code}`;
    return i18n.exists(key) ? (t as (key: string) => string)(key) : code;
  };
}

/** A study period's name as an element. */
export function PeriodName({ code }: { code: string }) {
  return <>{usePeriodName()(code)}</>;
}
