import { Result } from "antd";
import { useTranslation } from "react-i18next";
import { Outlet } from "react-router";

import { useWorkplace } from "../schools/workplace";
import { OversightPlaceContext, type OversightPlace } from "./place";
import type { OversightQuery } from "./query";

/** Roles that read oversight's figures: the district's monitoring roles everywhere, the
 * school's leadership for their own school (a deputy for their grade levels: the API says). */
const READERS: Record<OversightQuery["viewer"], readonly string[]> = {
  district: ["district-admin", "working-group-member"],
  school: ["director", "deputy-director", "school-admin"],
};

const PLACES: Record<OversightQuery["viewer"], OversightPlace> = {
  district: { viewer: "district", root: "/district/oversight" },
  school: { viewer: "school", root: "/school/oversight" },
};

/** The oversight pages of an area: whose they are, and who of the area may read them (a
 * support agent or a secretary shares the area but not its figures). */
export function OversightRoot({ viewer }: { viewer: OversightQuery["viewer"] }) {
  const { t } = useTranslation("oversight");
  const { me } = useWorkplace();
  if (!me.roles.some((role) => READERS[viewer].includes(role))) {
    return <Result status="403" title={t("notForYou")} />;
  }
  return (
    <OversightPlaceContext value={PLACES[viewer]}>
      <Outlet />
    </OversightPlaceContext>
  );
}
