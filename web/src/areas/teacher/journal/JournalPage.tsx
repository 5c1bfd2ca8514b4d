import { useQuery } from "@tanstack/react-query";
import { Alert } from "antd";
import { useTranslation } from "react-i18next";
import { useParams, useSearchParams } from "react-router";

import { useApi } from "../../../api/ApiContext";
import { unwrap } from "../../../api/client";
import { problemText } from "../../../forms/problems";
import { ApiError } from "../../../api/problem";
import { Loading } from "../../../layout/Loading";
import { JournalGridView } from "./JournalGridView";

/** Screen 2's journal grid: /teacher/journal/:classId/:subjectId?period=&group=&lesson= */
export function JournalPage() {
  const { t, i18n } = useTranslation("journal");
  const api = useApi();
  const { classId = "", subjectId = "" } = useParams();
  const [search, setSearch] = useSearchParams();
  const period = search.get("period") ?? undefined;
  const group = search.get("group") ?? undefined;
  const grid = useQuery({
    queryKey: ["journal", "grid", classId, subjectId, group ?? null, period ?? null],
    queryFn: async () =>
      unwrap(
        await api.journal.GET("/journal/classes/{class_id}/subjects/{subject_id}/grid", {
          params: {
            path: { class_id: classId, subject_id: subjectId },
            query: { ...(period === undefined ? {} : { period }), ...(group === undefined ? {} : { group_id: group }) },
          },
        }),
      ),
    // The grid holds what the teacher types: a refetch in the background would not merge it.
    refetchOnWindowFocus: false,
    staleTime: Infinity,
  });
  if (grid.isPending) {
    return <Loading label={t("loading")} />;
  }
  if (grid.isError) {
    const message = grid.error instanceof ApiError ? problemText(i18n, grid.error.problem) : grid.error.message;
    return <Alert type="error" showIcon role="alert" title={t("loadFailed", { message })} />;
  }
  return (
    <JournalGridView
      key={`${grid.data.class_id}/${grid.data.subject_id}/${grid.data.group_id ?? ""}/${grid.data.period.code}`}
      grid={grid.data}
      focusLesson={search.get("lesson")}
      onPeriod={(code) => {
        const next = new URLSearchParams(search);
        next.set("period", code);
        next.delete("lesson");
        setSearch(next);
      }}
    />
  );
}
