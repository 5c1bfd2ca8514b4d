import { helpdeskRoutes } from "../../helpdesk/routes";
import { oversightRoutes } from "../../oversight/routes";
import type { AreaScreens } from "../screens";
import { DistrictHome } from "./DistrictHome";

export const districtScreens: AreaScreens = {
  routes: [{ index: true, element: <DistrictHome /> }, oversightRoutes("district"), helpdeskRoutes("district")],
  menu: [
    { path: "oversight", ns: "oversight", label: "menu" },
    { path: "helpdesk", ns: "helpdesk", label: "districtMenu" },
  ],
};
