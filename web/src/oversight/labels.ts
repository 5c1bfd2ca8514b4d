import { useTranslation } from "react-i18next";

/** A study period's name ("2 четверть"); a code the app has no words for shows as it is. */
export function usePeriodLabel(): (code: string) => string {
  const { t, i18n } = useTranslation("oversight");
  return (code: string) => {
    const key = `periods.${code}`;
    return i18n.exists(key, { ns: "oversight" }) ? (t as (key: string) => string)(key) : code;
  };
}
