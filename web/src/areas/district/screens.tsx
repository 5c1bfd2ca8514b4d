import type { AreaScreens } from "../screens";
import { DistrictHome } from "./DistrictHome";

export const districtScreens: AreaScreens = {
  routes: [{ index: true, element: <DistrictHome /> }],
  menu: [],
};
