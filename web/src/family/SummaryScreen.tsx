import { Alert, Button, DatePicker, Flex, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { saveFile } from "../files/download";
import { FamilyPage, type FamilyRole } from "./FamilyPage";
import { addDays, localToday, mondayOf } from "./format";
import { useSummaryPdf } from "./queries";
import "./family.css";

const ISO = "YYYY-MM-DD";

function SummaryForm({ studentId }: { studentId: string }) {
  const { t } = useTranslation("family");
  const monday = mondayOf(localToday());
  const [from, setFrom] = useState<Dayjs>(dayjs(monday));
  const [to, setTo] = useState<Dayjs>(dayjs(addDays(monday, 6)));
  const pdf = useSummaryPdf();
  const badRange = to.isBefore(from, "day");
  const download = () => {
    const range = { from: from.format(ISO), to: to.format(ISO) };
    pdf.mutate(
      { studentId, ...range },
      { onSuccess: (blob) => { saveFile(blob, `summary-${range.from}-${range.to}.pdf`); } },
    );
  };
  return (
    <Flex vertical gap="middle" data-testid="summary">
      <Typography.Paragraph>{t("summary.hint")}</Typography.Paragraph>
      <Flex gap="middle" wrap>
        <Flex vertical gap={4}>
          <label htmlFor="okrug-summary-from" className="okrug-family-label">
            {t("summary.from")}
          </label>
          <DatePicker id="okrug-summary-from" value={from} onChange={(value) => {
              if (value !== null) setFrom(value);
            }} format="DD.MM.YYYY" allowClear={false} inputReadOnly />
        </Flex>
        <Flex vertical gap={4}>
          <label htmlFor="okrug-summary-to" className="okrug-family-label">
            {t("summary.to")}
          </label>
          <DatePicker id="okrug-summary-to" value={to} onChange={(value) => {
              if (value !== null) setTo(value);
            }} format="DD.MM.YYYY" allowClear={false} inputReadOnly />
        </Flex>
      </Flex>
      {badRange && <Alert type="warning" showIcon title={t("summary.badRange")} />}
      <div>
        <Button type="primary" onClick={download} loading={pdf.isPending} disabled={badRange} data-testid="summary-download">
          {pdf.isPending ? t("summary.downloading") : t("summary.download")}
        </Button>
      </div>
      {pdf.error !== null && <Alert type="error" role="alert" showIcon title={t("summary.failed", { message: pdf.error.message })} />}
    </Flex>
  );
}

/** The student's summary sheet (J10) for chosen days, as a PDF to keep or print. */
export function SummaryScreen({ role }: { role: FamilyRole }) {
  const { t } = useTranslation("family");
  return <FamilyPage role={role} title={t("summary.title")} render={(studentId) => <SummaryForm studentId={studentId} />} />;
}
