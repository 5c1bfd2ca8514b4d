import { Navigate } from "react-router";

import { useWorkplace } from "../../schools/workplace";

/** The district's monitoring roles start on the oversight dashboard; support agents on the
 * request log (H1). */
export function DistrictHome() {
  const { me } = useWorkplace();
  if (me.roles.some((role) => role === "district-admin" || role === "working-group-member")) {
    return <Navigate to="oversight" replace />;
  }
  return <Navigate to="helpdesk" replace />;
}
