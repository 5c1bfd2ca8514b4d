import { useTranslation } from "react-i18next";

/** A study period's name ("2 четверть"), or its code when the app has no name for it. */
export function PeriodName({ code }: { code: string }) {
  const { t, i18n } = useTranslation("forecast");
  const key = `periods.${code}`;
  return <>{i18n.exists(key, { ns: "forecast" }) ? (t as (key: string) => string)(key) : code}</>;
}
