import { Result } from "antd";
import { useTranslation } from "react-i18next";
import { Navigate, Outlet, type RouteObject } from "react-router";

import { AREAS, areaPath, type Area } from "../areas/areas";
import { AREA_SCREENS } from "../areas/areaScreens";
import { RequireSignIn } from "../auth/RequireSignIn";
import { SignedOutPage } from "../auth/SignedOutPage";
import { SIGNED_IN_PATH, SIGNED_OUT_PATH } from "../auth/userManager";
import { AppLayout } from "../layout/AppLayout";
import { SchoolChoice } from "../schools/SchoolChoice";
import { WorkplaceGate } from "../schools/WorkplaceGate";
import { useWorkplace } from "../schools/workplace";

function SignedInApp() {
  return (
    <RequireSignIn>
      <WorkplaceGate chooser={(choice) => <AppLayout workplace={null}>{choice}</AppLayout>}>
        <WorkplaceLayout />
      </WorkplaceGate>
    </RequireSignIn>
  );
}

function WorkplaceLayout() {
  const workplace = useWorkplace();
  return (
    <AppLayout workplace={workplace}>
      <Outlet />
    </AppLayout>
  );
}

/** The home of the person's first area; the menu offers the others. */
function Home() {
  const { t } = useTranslation();
  const { areas } = useWorkplace();
  const first = areas[0];
  return first === undefined ? <Result status="info" title={t("areas.noArea")} /> : <Navigate to={areaPath(first)} replace />;
}

/** An area's screens open only to the roles it is for; anyone else goes home. */
function AreaRoute({ area }: { area: Area }) {
  const { areas } = useWorkplace();
  return areas.includes(area) ? <Outlet /> : <Navigate to="/" replace />;
}

function ChangeSchool() {
  const { schools, me } = useWorkplace();
  return <SchoolChoice schools={schools} current={me.school_id} />;
}

export const routes: RouteObject[] = [
  { path: SIGNED_OUT_PATH, element: <SignedOutPage /> },
  {
    path: "/",
    element: <SignedInApp />,
    children: [
      { index: true, element: <Home /> },
      // The issuer's redirect lands here; the auth provider finishes it and goes on.
      { path: SIGNED_IN_PATH.slice(1), element: <Navigate to="/" replace /> },
      { path: "schools", element: <ChangeSchool /> },
      ...AREAS.map((area) => ({ path: area, element: <AreaRoute area={area} />, children: AREA_SCREENS[area].routes })),
      { path: "*", element: <Navigate to="/" replace /> },
    ],
  },
];
