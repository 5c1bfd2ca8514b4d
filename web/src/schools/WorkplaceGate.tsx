import { Alert, Result } from "antd";
import { useMemo, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { areasOf } from "../areas/areas";
import { Loading } from "../layout/Loading";
import { SchoolChoice } from "./SchoolChoice";
import { schoolOf, useMe, useMySchools } from "./queries";
import { WorkplaceContext, mustChooseSchool, type Workplace } from "./workplace";

/**
 * Finds out where the person works with this token: /identity/me (the token's school and
 * roles) and /identity/me/schools. A person of several schools chooses one first.
 */
export function WorkplaceGate({ children, chooser }: { children: ReactNode; chooser: (choice: ReactNode) => ReactNode }) {
  const { t } = useTranslation();
  const me = useMe();
  const schools = useMySchools();
  const workplace = useMemo<Workplace | null>(() => {
    if (me.data === undefined || schools.data === undefined) {
      return null;
    }
    return {
      me: me.data,
      schools: schools.data,
      school: schoolOf(schools.data, me.data.school_id),
      areas: areasOf(me.data.roles),
    };
  }, [me.data, schools.data]);

  const failed = me.error ?? schools.error;
  if (failed !== null) {
    return <Result status="error" title={t("errors.title")} subTitle={<Alert type="error" title={t("errors.api", { message: failed.message })} />} />;
  }
  if (workplace === null) {
    return <Loading label={t("app.loading")} />;
  }
  return (
    <WorkplaceContext value={workplace}>
      {mustChooseSchool(workplace.me, workplace.schools)
        ? chooser(<SchoolChoice schools={workplace.schools} current={null} />)
        : children}
    </WorkplaceContext>
  );
}
