import { Alert, Button, Flex } from "antd";
import dayjs from "dayjs";
import type { i18n as I18n } from "i18next";
import { useTranslation } from "react-i18next";

import { fieldErrorText, problemText } from "../forms/problems";
import type { Problem } from "../api/problem";
import type { OutboxStatus as Status } from "./outbox";
import { useOutboxStatus } from "./useOutbox";

/** Why the journal refused a save, in the interface language: this part's words for a code
 * it knows (the clock), the common words for the rest. */
function refusalText(i18n: I18n, problem: Problem): string {
  const field = problem.errors[0];
  if (field === undefined) {
    return problemText(i18n, problem);
  }
  return fieldErrorText(i18n, field, "offline");
}

function waitingMessage(status: Status, t: (key: string, options?: object) => string): { type: "warning" | "info" | "success"; text: string } | null {
  if (status.offline) {
    return { type: "warning", text: status.waiting > 0 ? t("status.waitingOffline", { count: status.waiting }) : t("status.offline") };
  }
  if (status.waiting > 0) {
    return { type: "info", text: t("status.sending", { count: status.waiting }) };
  }
  if (status.sentAfterWaiting > 0 && status.lastSentAt !== null) {
    return { type: "success", text: t("status.sent", { count: status.sentAfterWaiting, time: dayjs(status.lastSentAt).format("HH:mm") }) };
  }
  return null;
}

/**
 * The outbox as the teacher sees it (J13): no network and how many saves wait in this
 * browser, how many were sent when it came back, and saves the journal refused. Shows
 * nothing while everything goes at once.
 */
export function OutboxStatus() {
  const { t, i18n } = useTranslation("offline");
  const { outbox, status } = useOutboxStatus();
  if (outbox === null || status === null) {
    return null;
  }
  const say = t as (key: string, options?: object) => string;
  const message = waitingMessage(status, say);
  return (
    <section aria-label={t("status.label")} data-testid="outbox-status">
      <div role="status" aria-live="polite">
        {message !== null && <Alert type={message.type} showIcon title={message.text} />}
      </div>
      {status.refused.length > 0 && (
        <Flex vertical gap="small" role="alert">
          {status.refused.map((kept) => (
            <Alert
              key={kept.key}
              type="error"
              showIcon
              title={say("status.refused", {
                made: dayjs(kept.claimedAt).format("DD.MM HH:mm"),
                reason: kept.problem === undefined ? "" : refusalText(i18n, kept.problem),
              })}
              action={
                <Button size="small" onClick={() => void outbox.dismiss(kept.key)}>
                  {t("status.dismiss")}
                </Button>
              }
            />
          ))}
        </Flex>
      )}
    </section>
  );
}
