import { useQuery } from "@tanstack/react-query";
import { Alert, Flex, Result, Select, Typography } from "antd";
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { useApi } from "../../api/ApiContext";
import { unwrap } from "../../api/client";
import type { components } from "../../api/generated/schedule";
import { Loading } from "../../layout/Loading";
import { useWorkplace } from "../../schools/workplace";

export type SchoolClass = components["schemas"]["ClassRead"];

const STORAGE_KEY = "okrug.classTeacher.class";

/** The classes of the school whose class teacher the signed-in person is (schedule's classes
 * name their class teacher). */
function useMyClasses() {
  const api = useApi();
  const { me } = useWorkplace();
  return useQuery({
    queryKey: ["schedule", "classes", me.school_id, me.id],
    queryFn: async () => unwrap(await api.schedule.GET("/schedule/classes")).filter((c) => c.class_teacher_id === me.id),
  });
}

/**
 * The class a screen is about: the person's only class, or the one chosen in the list above
 * the screen (kept for the tab's session, so every screen opens on the same class).
 */
export function ClassScreen({ title, children }: { title: string; children: (schoolClass: SchoolClass) => ReactNode }) {
  const { t } = useTranslation("classTeacher");
  const { t: common } = useTranslation();
  const classes = useMyClasses();
  const [chosenId, setChosenId] = useState<string | null>(() => window.sessionStorage.getItem(STORAGE_KEY));
  if (classes.isPending) {
    return <Loading label={common("app.loading")} />;
  }
  if (classes.isError) {
    return <Alert type="error" showIcon title={t("failed")} />;
  }
  const mine = classes.data;
  const chosen = mine.find((c) => c.id === chosenId) ?? mine[0];
  const choose = (id: string) => {
    window.sessionStorage.setItem(STORAGE_KEY, id);
    setChosenId(id);
  };
  return (
    <Flex vertical gap="middle">
      <Flex justify="space-between" align="center" gap="middle" wrap>
        <Typography.Title level={1} style={{ margin: 0 }}>
          {chosen === undefined ? title : `${title}: ${chosen.name}`}
        </Typography.Title>
        {mine.length > 1 && chosen !== undefined && (
          <label>
            <span style={{ marginInlineEnd: 8 }}>{t("classes.label")}</span>
            <Select
              aria-label={t("classes.label")}
              value={chosen.id}
              onChange={choose}
              options={mine.map((c) => ({ value: c.id, label: c.name }))}
              style={{ minWidth: 100 }}
            />
          </label>
        )}
      </Flex>
      {chosen === undefined ? <Result status="info" title={<p className="okrug-result-title">{t("classes.none")}</p>} /> : children(chosen)}
    </Flex>
  );
}
