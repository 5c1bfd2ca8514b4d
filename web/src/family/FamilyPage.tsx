import { Alert, Flex, Result, Select, Typography } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { NavLink, useLocation, useSearchParams } from "react-router";

import { useSession } from "../auth/useSession";
import { useWorkplace } from "../schools/workplace";
import { childrenOf, chosenChild, storeChild, storedChild, type FamilyChild } from "./children";
import { useDiaryChildren } from "./queries";
import "./family.css";

/** Whose screens: a parent's (of a chosen child) or a student's own. */
export type FamilyRole = "parent" | "student";

export const CHILD_PARAM = "child";

const SCREENS = [
  { path: "", label: "menuDiary" },
  { path: "marks", label: "menuMarks" },
  { path: "inbox", label: "menuInbox" },
  { path: "summary", label: "menuSummary" },
] as const;

/** The area's screens as links above the title on a phone, where the side menu is folded
 * away (shown by CSS below 768 px only). */
export function FamilyNav({ role }: { role: FamilyRole }) {
  const { t } = useTranslation("family");
  return (
    <nav aria-label={t("menu")} className="okrug-family-nav">
      {SCREENS.map((screen) => (
        <NavLink key={screen.path} to={`/${role}${screen.path === "" ? "" : `/${screen.path}`}`} end>
          {t(screen.label)}
        </NavLink>
      ))}
    </nav>
  );
}

function childName(child: FamilyChild): string {
  return `${child.lastName} ${child.firstName}`;
}

/**
 * A parent's choice of child: every child of every school of the parent. A child of another
 * school is opened with a token of that school (a new sign-in request, answered by the
 * issuer's session without a password), coming back to the same screen for that child.
 */
function ChildSwitcher({ options, current }: { options: readonly FamilyChild[]; current: FamilyChild }) {
  const { t } = useTranslation("family");
  const session = useSession();
  const location = useLocation();
  const [params, setParams] = useSearchParams();
  const severalSchools = new Set(options.map((child) => child.schoolId)).size > 1;
  if (options.length < 2) {
    return null;
  }
  const choose = (childId: string) => {
    const child = options.find((c) => c.id === childId);
    if (child === undefined || child.id === current.id) return;
    storeChild(child.id);
    if (child.schoolId === current.schoolId) {
      const next = new URLSearchParams(params);
      next.set(CHILD_PARAM, child.id);
      setParams(next);
      return;
    }
    void session.chooseSchool(child.schoolId, `${location.pathname}?${CHILD_PARAM}=${child.id}`);
  };
  return (
    <Flex vertical gap={4} className="okrug-family-switcher">
      <label htmlFor="okrug-child" className="okrug-family-label">
        {t("child.label")}
      </label>
      <Select
        id="okrug-child"
        data-testid="child-switcher"
        value={current.id}
        onChange={choose}
        options={options.map((child) => ({
          value: child.id,
          label: severalSchools ? t("child.otherSchool", { name: childName(child), school: child.schoolName ?? "—" }) : childName(child),
        }))}
        popupMatchSelectWidth={false}
        style={{ width: "100%", maxWidth: 480 }}
      />
    </Flex>
  );
}

/** The child's name and class (as the journal knows it from the timetable). */
function ChildHeading({ child }: { child: FamilyChild }) {
  const { t } = useTranslation("family");
  const known = useDiaryChildren();
  const className = known.data?.find((entry) => entry.student_id === child.id)?.class_name ?? null;
  return (
    <Typography.Text className="okrug-family-child">
      <strong data-testid="child-name">{childName(child)}</strong>
      {className !== null && <span data-testid="child-class">{`, ${t("child.class", { name: className })}`}</span>}
    </Typography.Text>
  );
}

/**
 * The frame of every parent's and student's screen: the title, for a parent the child
 * switcher, then the screen for the student whose record is shown.
 */
export function FamilyPage({ role, title, render }: { role: FamilyRole; title: string; render: (studentId: string) => ReactNode }) {
  const { t } = useTranslation("family");
  const { me, schools } = useWorkplace();
  const [params] = useSearchParams();
  if (role === "student") {
    return (
      <Flex vertical gap="middle" className="okrug-family">
        <FamilyNav role={role} />
        <Typography.Title level={1} className="okrug-family-title">
          {title}
        </Typography.Title>
        {me.id === null ? <Alert type="warning" title={t("child.none")} /> : render(me.id)}
      </Flex>
    );
  }
  const children = childrenOf(schools, me.school_id);
  const current = chosenChild(children, me.school_id, params.get(CHILD_PARAM), storedChild());
  return (
    <Flex vertical gap="middle" className="okrug-family">
      <FamilyNav role={role} />
      <Typography.Title level={1} className="okrug-family-title">
        {title}
      </Typography.Title>
      {current === undefined ? (
        <Result status="info" title={t("child.none")} />
      ) : (
        <>
          <ChildSwitcher options={children} current={current} />
          <ChildHeading child={current} />
          {render(current.id)}
        </>
      )}
    </Flex>
  );
}
