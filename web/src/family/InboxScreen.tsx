import { Alert, Button, Flex, Tag, Typography } from "antd";
import dayjs from "dayjs";
import { useTranslation } from "react-i18next";

import { useWorkplace } from "../schools/workplace";
import { childrenOf } from "./children";
import { FamilyNav, type FamilyRole } from "./FamilyPage";
import { useInbox, useMarkRead, type InboxMessage } from "./queries";
import "./family.css";

function Message({ message, about }: { message: InboxMessage; about: string | undefined }) {
  const { t } = useTranslation("family");
  const markRead = useMarkRead();
  const unread = message.read_at === null;
  const headingId = `okrug-message-${message.id}`;
  return (
    <li>
      <article
        aria-labelledby={headingId}
        className={unread ? "okrug-inbox-message okrug-inbox-message--unread" : "okrug-inbox-message"}
        data-testid="inbox-message"
        data-kind={message.kind}
        data-unread={unread}
      >
        <Flex justify="space-between" align="baseline" gap="small" wrap>
          <Typography.Title level={2} id={headingId} className="okrug-inbox-title">
            {unread && <Tag color="blue">{t("inbox.new")}</Tag>}
            {message.title}
          </Typography.Title>
          <time dateTime={message.created_at} className="okrug-inbox-time">
            {dayjs(message.created_at).format("DD.MM.YYYY HH:mm")}
          </time>
        </Flex>
        <Typography.Paragraph className="okrug-inbox-body">{message.body}</Typography.Paragraph>
        <Flex justify="space-between" align="center" gap="small" wrap>
          {about !== undefined ? <Typography.Text type="secondary">{t("inbox.about", { name: about })}</Typography.Text> : <span />}
          {unread && (
            <Button size="small" loading={markRead.isPending} onClick={() => { markRead.mutate(message.id); }} aria-describedby={headingId}>
              {t("inbox.markRead")}
            </Button>
          )}
        </Flex>
      </article>
    </li>
  );
}

/** The person's inbox (notify): new marks and absences of the children or of the student,
 * newest first; a message is marked read when its reader says so. */
export function InboxScreen({ role }: { role: FamilyRole }) {
  const { t } = useTranslation("family");
  const { me, schools } = useWorkplace();
  const inbox = useInbox();
  const names = new Map(childrenOf(schools, me.school_id).map((child) => [child.id, `${child.lastName} ${child.firstName}`]));
  const unread = inbox.data?.filter((message) => message.read_at === null).length ?? 0;
  return (
    <Flex vertical gap="middle" className="okrug-family">
      <FamilyNav role={role} />
      <Typography.Title level={1} className="okrug-family-title">
        {t("inbox.title")}
      </Typography.Title>
      {inbox.error !== null && <Alert type="error" showIcon title={t("failed", { message: inbox.error.message })} />}
      {inbox.data !== undefined && (
        <>
          <Typography.Text data-testid="inbox-unread">{t("inbox.unread", { count: unread })}</Typography.Text>
          {inbox.data.length === 0 ? (
            <Typography.Text>{t("inbox.empty")}</Typography.Text>
          ) : (
            <ul className="okrug-plain-list" data-testid="inbox">
              {inbox.data.map((message) => (
                <Message key={message.id} message={message} about={message.student_id === null ? undefined : names.get(message.student_id)} />
              ))}
            </ul>
          )}
        </>
      )}
    </Flex>
  );
}
