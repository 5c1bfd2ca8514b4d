import { useTranslation } from "react-i18next";

import { ApiError } from "../api/problem";
import { ProblemAlert } from "../forms/ProblemAlert";
import { problemText } from "../forms/problems";

/** Figures that could not be read, said in the interface language. */
export function OversightProblem({ error }: { error: unknown }) {
  const { t, i18n } = useTranslation("oversight");
  if (error === null || error === undefined) return null;
  const summary = error instanceof ApiError ? problemText(i18n, error.problem) : t("failed");
  return <ProblemAlert shown={{ summary, unplaced: [] }} />;
}
