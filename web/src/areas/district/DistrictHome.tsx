import { AreaHome } from "../AreaHome";

export function DistrictHome() {
  return <AreaHome area="district" />;
}
