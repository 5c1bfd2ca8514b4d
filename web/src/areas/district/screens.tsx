import { oversightRoutes } from "../../oversight/routes";
import type { AreaScreens } from "../screens";
import { DistrictHome } from "./DistrictHome";

export const districtScreens: AreaScreens = {
  routes: [{ index: true, element: <DistrictHome /> }, oversightRoutes("district")],
  menu: [{ path: "oversight", ns: "oversight", label: "menu" }],
};
