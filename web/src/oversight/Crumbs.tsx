import { Breadcrumb } from "antd";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router";

import { useOversightPlace } from "./place";

export interface Crumb {
  readonly label: string;
  /** The crumb's page; none for the page shown. */
  readonly to?: string;
}

/** The way down from the district (or the school) to this page, every step a link back with
 * the filters kept. */
export function Crumbs({ items }: { items: readonly Crumb[] }) {
  const { t } = useTranslation("oversight");
  const place = useOversightPlace();
  const { search } = useLocation();
  const filtersOnly = new URLSearchParams(search);
  filtersOnly.delete("tab");
  const kept = filtersOnly.toString() === "" ? "" : `?${filtersOnly.toString()}`;
  const all: Crumb[] = place.viewer === "district" ? [{ label: t("breadcrumbs.district"), to: place.root }, ...items] : [...items];
  return (
    <nav aria-label={t("breadcrumbs.label")}>
      <Breadcrumb
        items={all.map((crumb, index) => ({
          key: index,
          title: crumb.to === undefined || index === all.length - 1 ? crumb.label : <Link to={`${crumb.to}${kept}`}>{crumb.label}</Link>,
        }))}
      />
    </nav>
  );
}
