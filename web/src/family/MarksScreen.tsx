import { Alert, Flex, Select, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";

import { ForecastFigure } from "../forecast/ForecastFigure";
import { usePeriodName } from "../i18n/periods";
import type { Forecast } from "../forecast/forecast";
import { useStudentForecast } from "../forecast/queries";
import { FamilyPage, type FamilyRole } from "./FamilyPage";
import { averageTone, formatDay, formatDecimal, formatWeight } from "./format";
import { useDiaryMarks, type DiaryMarks, type SubjectMarks } from "./queries";
import "./family.css";

const PERIOD_PARAM = "period";

function Average({ label, value, testId }: { label: string; value: string | null; testId: string }) {
  const { i18n } = useTranslation("family");
  const tone = averageTone(value);
  return (
    <div className="okrug-marks-figure">
      <span className="okrug-marks-figure-label">{label}</span>
      <span className={tone === null ? "okrug-average" : `okrug-average okrug-average--${tone}`} data-testid={testId}>
        {formatDecimal(value, i18n.language)}
      </span>
    </div>
  );
}

function Subject({ subject, forecast }: { subject: SubjectMarks; forecast: Forecast | undefined }) {
  const { t, i18n } = useTranslation("family");
  const { t: tf } = useTranslation("forecast");
  return (
    <li className="okrug-marks-subject" data-testid="marks-subject" data-subject-id={subject.subject_id}>
      <Typography.Title level={2} className="okrug-marks-subject-title">
        {subject.subject_name}
      </Typography.Title>
      {subject.marks.length === 0 ? (
        <Typography.Text type="secondary">{t("marks.noMarks")}</Typography.Text>
      ) : (
        <ul className="okrug-diary-marks">
          {subject.marks.map((mark, index) => (
            <li key={`${mark.lesson_id}-${String(index)}`} className="okrug-diary-mark-item" data-testid="marks-mark">
              <span className={Number(mark.weight) > 1 ? "okrug-mark okrug-mark--heavy" : "okrug-mark"} title={`${formatDay(mark.date)}: ${mark.work_type_title}`}>
                {mark.value}
              </span>
              <span className="okrug-visually-hidden">
                {t("marks.mark", { value: mark.value, date: formatDay(mark.date), workType: mark.work_type_title, weight: formatWeight(mark.weight, i18n.language) })}
              </span>
            </li>
          ))}
        </ul>
      )}
      <Flex gap="middle" wrap className="okrug-marks-figures">
        <Average label={t("marks.average")} value={subject.average} testId="marks-average" />
        <Average label={t("marks.weighted")} value={subject.weighted_average} testId="marks-weighted" />
        <div className="okrug-marks-figure">
          <span className="okrug-marks-figure-label">{t("marks.periodMark")}</span>
          <strong className="okrug-period-mark" data-testid="marks-period-mark">
            {subject.period_mark?.value ?? "—"}
          </strong>
        </div>
        {forecast !== undefined && (
          <div className="okrug-marks-figure">
            <span className="okrug-marks-figure-label">{tf("forecast")}</span>
            <ForecastFigure forecast={forecast} subject={subject.subject_name} />
          </div>
        )}
      </Flex>
    </li>
  );
}

function PeriodChoice({ marks, onChange }: { marks: DiaryMarks; onChange: (period: string) => void }) {
  const { t } = useTranslation("family");
  const label = usePeriodName();
  return (
    <Flex vertical gap={4}>
      <label htmlFor="okrug-period" className="okrug-family-label">
        {t("marks.period")}
      </label>
      <Select
        id="okrug-period"
        data-testid="period-choice"
        value={marks.period}
        onChange={onChange}
        options={marks.study_periods.map((period) => ({ value: period.code, label: label(period.code) }))}
        style={{ width: "100%", maxWidth: 320 }}
      />
    </Flex>
  );
}

function SubjectList({ studentId }: { studentId: string }) {
  const { t } = useTranslation("family");
  const [params, setParams] = useSearchParams();
  const marks = useDiaryMarks(studentId, params.get(PERIOD_PARAM));
  const forecasts = useStudentForecast(studentId, marks.data?.period);
  const choose = (period: string) => {
    const next = new URLSearchParams(params);
    next.set(PERIOD_PARAM, period);
    setParams(next);
  };
  if (marks.error !== null) {
    return <Alert type="error" showIcon title={t("failed", { message: marks.error.message })} />;
  }
  if (marks.data === undefined) {
    return <Typography.Text type="secondary">…</Typography.Text>;
  }
  const data = marks.data;
  return (
    <Flex vertical gap="middle" data-testid="marks">
      <PeriodChoice marks={data} onChange={choose} />
      <Typography.Text type="secondary">{t("marks.range", { from: formatDay(data.date_from), to: formatDay(data.date_to) })}</Typography.Text>
      {data.subjects.length === 0 ? (
        <Typography.Text>{t("marks.noSubjects")}</Typography.Text>
      ) : (
        <ul className="okrug-marks-subjects">
          {data.subjects.map((subject) => (
            <Subject
              key={subject.subject_id}
              subject={subject}
              forecast={forecasts.data?.forecasts.find((f) => f.subject_id === subject.subject_id)}
            />
          ))}
        </ul>
      )}
      <Typography.Text type="secondary" className="okrug-marks-note">
        {t("marks.rounding")}
      </Typography.Text>
    </Flex>
  );
}

/** Marks per subject over a study period with the average, the weighted average (coloured
 * by what they round to) and the period mark. */
export function MarksScreen({ role }: { role: FamilyRole }) {
  const { t } = useTranslation("family");
  return <FamilyPage role={role} title={t("marks.title")} render={(studentId) => <SubjectList studentId={studentId} />} />;
}
