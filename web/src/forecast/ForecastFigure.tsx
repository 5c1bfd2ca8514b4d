import { RiseOutlined } from "@ant-design/icons";
import { Button, Popover, Typography } from "antd";
import { useTranslation } from "react-i18next";

import { formatNumber, formatWeight, markTone, onePerValue, type ForecastFigures, type MarksNeededOption } from "./forecast";
import "./forecast.css";


/** The projected mark, coloured by what it is. */
export function ForecastMark({ forecast }: { forecast: ForecastFigures }) {
  const { t } = useTranslation("forecast");
  return (
    <span
      className={`okrug-forecast-mark okrug-forecast-mark--${markTone(forecast.projected_mark)}`}
      data-testid="forecast-mark"
      title={forecast.failing ? t("failing") : undefined}
    >
      {forecast.projected_mark}
      {forecast.failing && <span className="okrug-visually-hidden">{`, ${t("failing")}`}</span>}
    </span>
  );
}

function OptionLine({ forecast, option }: { forecast: ForecastFigures; option: MarksNeededOption }) {
  const { t, i18n } = useTranslation("forecast");
  const weight = formatWeight(option.weight, i18n.language);
  return (
    <li data-testid="forecast-option">
      <div>
        {t("option", {
          count: option.count,
          value: option.value,
          workType: option.work_type_title,
          weight,
          after: formatNumber(option.average_after, i18n.language),
          target: option.rounds_to,
        })}
      </div>
      <div className="okrug-forecast-formula">
        {t("formula", {
          sum: formatNumber(forecast.weighted_sum, i18n.language),
          weights: formatNumber(forecast.weight_sum, i18n.language),
          count: option.count,
          value: option.value,
          weight,
          after: formatNumber(option.average_after, i18n.language),
        })}
      </div>
    </li>
  );
}

/** What the forecast rests on and what lifts it one step: the inputs, then the fewest marks
 * of each work type and value (J12). */
export function MarksNeeded({ forecast }: { forecast: ForecastFigures }) {
  const { t, i18n } = useTranslation("forecast");
  const target = forecast.projected_mark + 1;
  return (
    <div className="okrug-forecast-details" data-testid="forecast-details">
      <Typography.Paragraph style={{ marginBottom: 4 }}>
        {t("inputs", {
          count: forecast.marks_count,
          sum: formatNumber(forecast.weighted_sum, i18n.language),
          weights: formatNumber(forecast.weight_sum, i18n.language),
          average: formatNumber(forecast.weighted_average, i18n.language),
          mark: forecast.projected_mark,
        })}
      </Typography.Paragraph>
      {forecast.projected_mark >= 5 ? (
        <Typography.Text>{t("topMark")}</Typography.Text>
      ) : forecast.marks_needed.length === 0 ? (
        <Typography.Text>{t("noOption")}</Typography.Text>
      ) : (
        <>
          <Typography.Text strong>{t("toReach", { target })}</Typography.Text>
          <ul>
            {onePerValue(forecast.marks_needed).map((option) => (
              <OptionLine key={`${option.work_type}-${String(option.value)}`} forecast={forecast} option={option} />
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** The projected mark with a button that opens what it takes to raise it. */
export function ForecastFigure({ forecast, subject }: { forecast: ForecastFigures; subject?: string }) {
  const { t } = useTranslation("forecast");
  const target = forecast.projected_mark + 1;
  return (
    <span className="okrug-forecast" data-testid="forecast">
      <ForecastMark forecast={forecast} />
      {forecast.projected_mark < 5 && (
        <Popover content={<MarksNeeded forecast={forecast} />} trigger="click">
          <Button
            size="small"
            type="text"
            icon={<RiseOutlined />}
            aria-label={[t("howToRaiseLabel", { target }), subject].filter(Boolean).join(": ")}
            data-testid="forecast-raise"
          />
        </Popover>
      )}
    </span>
  );
}

/** The best way up in words ("1 × «3», Контрольная работа"), for lists. */
export function FirstOption({ forecast }: { forecast: ForecastFigures }) {
  const { t } = useTranslation("forecast");
  const first = forecast.marks_needed[0];
  if (first === undefined) {
    return null;
  }
  return (
    <span className="okrug-forecast-hint">
      {`${t("toReach", { target: first.rounds_to })}: ${t("optionShort", { count: first.count, value: first.value, workType: first.work_type_title })}`}
    </span>
  );
}
