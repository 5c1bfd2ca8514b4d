import { useTranslation } from "react-i18next";

/** The interface's word for a value the API names (a kind of entry, a timeliness, a
 * source); the value itself when the app has none. */
export function useWordFor(): (group: "kinds" | "timeliness" | "sources", value: string) => string {
  const { t, i18n } = useTranslation("oversight");
  return (group, value) => {
    const key = `${group}.${value}`;
    return i18n.exists(key, { ns: "oversight" }) ? (t as (key: string) => string)(key) : value;
  };
}
