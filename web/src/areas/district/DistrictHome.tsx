import { Navigate } from "react-router";

import { useWorkplace } from "../../schools/workplace";
import { AreaHome } from "../AreaHome";

/** The district's monitoring roles start on the oversight dashboard; the area's other
 * roles (support agents) on the area's page until their screens come. */
export function DistrictHome() {
  const { me } = useWorkplace();
  if (me.roles.some((role) => role === "district-admin" || role === "working-group-member")) {
    return <Navigate to="oversight" replace />;
  }
  return <AreaHome area="district" />;
}
