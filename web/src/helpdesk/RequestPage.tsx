import { PaperClipOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Descriptions, Flex, Form, Input, List, Select, Space, Timeline, Typography, Upload } from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";

import { useApi } from "../api/ApiContext";
import { ApiError } from "../api/problem";
import { EmptyText } from "../areas/school/EmptyText";
import { unwrap } from "../api/client";
import { fileNameOf, saveFile } from "../files/download";
import { ProblemAlert } from "../forms/ProblemAlert";
import { showProblemOnForm, type ShownProblem } from "../forms/problems";
import { Loading } from "../layout/Loading";
import { useSchoolNames } from "../oversight/schools";
import { useWorkplace } from "../schools/workplace";
import { DESK_MOVES, shortId, useRequest, useRequestChange, type RequestDetail, type RequestStatus } from "./queries";
import { StatusTag } from "./StatusTag";

type Viewer = "school" | "district";
const TIME = "DD.MM.YYYY HH:mm";

/** One request (H1): what was asked, the thread between the school and the district, its
 * files, its history; the desk answers, asks, assigns and moves it, the school replies,
 * closes and reopens it. */
export function RequestPage({ viewer }: { viewer: Viewer }) {
  const { t } = useTranslation("helpdesk");
  const { requestId = "" } = useParams();
  const request = useRequest(requestId);
  if (request.error !== null) {
    return <Alert type="error" showIcon title={t("loadFailed", { message: request.error.message })} />;
  }
  if (request.data === undefined) {
    return <Loading label={t("title")} />;
  }
  return <RequestView request={request.data} viewer={viewer} />;
}

function RequestView({ request, viewer }: { request: RequestDetail; viewer: Viewer }) {
  const { t } = useTranslation("helpdesk");
  const { me } = useWorkplace();
  const desk = viewer === "district" && me.roles.some((role) => role === "support-agent" || role === "working-group-member");
  const schools = useSchoolNames();
  const person = (id: string | null) =>
    id === null ? t("actions.nobody") : id === me.id ? t("thread.you") : t("actions.someone", { short: shortId(id) });
  const requester = [t(`role.${request.author_role as "teacher"}`), request.caller_name].filter(Boolean).join(", ");
  return (
    <Flex vertical gap="middle" style={{ maxWidth: 960 }}>
      <Link to="..">{t("back")}</Link>
      <Flex align="center" gap="small" wrap>
        <Typography.Title level={1} style={{ margin: 0 }}>
          {request.subject}
        </Typography.Title>
        <StatusTag status={request.status} />
      </Flex>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, lg: 3 }}
        items={[
          ...(viewer === "district"
            ? [{ key: "school", label: t("fields.school"), children: schools.data?.get(request.school_id) ?? request.school_id }]
            : []),
          { key: "category", label: t("fields.category"), children: t(`category.${request.category}`) },
          { key: "kind", label: t("fields.kind"), children: t(`kind.${request.kind}`) },
          { key: "channel", label: t("fields.channel"), children: t(`channel.${request.channel}`) },
          { key: "requester", label: t("fields.requester"), children: requester },
          { key: "created", label: t("fields.created"), children: dayjs(request.created_at).format(TIME) },
          { key: "assignee", label: t("fields.assignee"), children: person(request.assignee_id) },
          {
            key: "answered",
            label: t("fields.firstAnswer"),
            children: request.answered_at === null ? "—" : dayjs(request.answered_at).format(TIME),
          },
        ]}
      />
      <Card size="small" title={t("fields.text")}>
        <Typography.Paragraph style={{ whiteSpace: "pre-wrap", margin: 0 }}>{request.text}</Typography.Paragraph>
      </Card>
      <Actions request={request} desk={desk} viewer={viewer} />
      <Thread request={request} desk={desk} person={person} />
      <Files request={request} />
      <History request={request} person={person} />
    </Flex>
  );
}

function Actions({ request, desk, viewer }: { request: RequestDetail; desk: boolean; viewer: Viewer }) {
  const { t, i18n } = useTranslation("helpdesk");
  const api = useApi();
  const { me } = useWorkplace();
  const [problem, setProblem] = useState<ShownProblem | null>(null);
  const [form] = Form.useForm();
  const path = { request_id: request.id };
  const onError = (error: unknown) => { setProblem(showProblemOnForm(form, error, i18n, {}, "helpdesk")); };
  const assign = useRequestChange(async (assignee: string) =>
    unwrap(await api.helpdesk.POST("/helpdesk/requests/{request_id}/assign", { params: { path }, body: { assignee_id: assignee } })),
  );
  const move = useRequestChange(async (status: (typeof DESK_MOVES)[RequestStatus][number]) =>
    unwrap(await api.helpdesk.POST("/helpdesk/requests/{request_id}/status", { params: { path }, body: { status } })),
  );
  const close = useRequestChange(async () => unwrap(await api.helpdesk.POST("/helpdesk/requests/{request_id}/close", { params: { path } })));
  const reopen = useRequestChange(async () => unwrap(await api.helpdesk.POST("/helpdesk/requests/{request_id}/reopen", { params: { path } })));
  const [target, setTarget] = useState<(typeof DESK_MOVES)[RequestStatus][number] | undefined>(undefined);
  const moves = DESK_MOVES[request.status];
  return (
    <Form form={form} component={false}>
      <ProblemAlert shown={problem} />
      <Space wrap>
        {desk && me.id !== null && request.assignee_id !== me.id && request.status !== "closed" && (
          <Button loading={assign.isPending} onClick={() => { setProblem(null); assign.mutate(me.id ?? "", { onError }); }}>
            {t("actions.assignToMe")}
          </Button>
        )}
        {desk && moves.length > 0 && <Typography.Text aria-hidden>{t("actions.moveTo")}:</Typography.Text>}
        {desk && moves.length > 0 && (
          <Space.Compact>
            <Select
              aria-label={t("actions.moveTo")}
              style={{ minWidth: 220 }}
              value={target}
              onChange={setTarget}
              options={moves.map((value) => ({ value, label: t(`status.${value}`) }))}
            />
            <Button
              disabled={target === undefined}
              loading={move.isPending}
              onClick={() => {
                if (target === undefined) return;
                setProblem(null);
                move.mutate(target, { onError, onSuccess: () => { setTarget(undefined); } });
              }}
            >
              {t("thread.send")}
            </Button>
          </Space.Compact>
        )}
        {viewer === "school" && request.status !== "closed" && (
          <Button loading={close.isPending} onClick={() => { setProblem(null); close.mutate(undefined, { onError }); }}>
            {t("actions.close")}
          </Button>
        )}
        {viewer === "school" && (request.status === "closed" || request.status === "answered") && (
          <Button loading={reopen.isPending} onClick={() => { setProblem(null); reopen.mutate(undefined, { onError }); }}>
            {t("actions.reopen")}
          </Button>
        )}
      </Space>
    </Form>
  );
}

function Thread({ request, desk, person }: { request: RequestDetail; desk: boolean; person: (id: string) => string }) {
  const { t, i18n } = useTranslation("helpdesk");
  const api = useApi();
  const [form] = Form.useForm<{ body: string }>();
  const [problem, setProblem] = useState<ShownProblem | null>(null);
  const send = useRequestChange(async ({ body, status }: { body: string; status?: "answered" | "waiting_for_school" }) =>
    unwrap(
      await api.helpdesk.POST("/helpdesk/requests/{request_id}/messages", {
        params: { path: { request_id: request.id } },
        body: status === undefined ? { body } : { body, status },
      }),
    ),
  );
  const submit = (status?: "answered" | "waiting_for_school") => {
    void form.validateFields().then(({ body }) => {
      setProblem(null);
      send.mutate(
        { body, ...(status === undefined ? {} : { status }) },
        {
          onSuccess: () => { form.resetFields(); },
          onError: (error) => { setProblem(showProblemOnForm(form, error, i18n, {}, "helpdesk")); },
        },
      );
    });
  };
  const closed = request.status === "closed";
  return (
    <Card size="small" title={<Typography.Title level={2} style={{ margin: 0, fontSize: 18 }}>{t("thread.title")}</Typography.Title>}>
      <List
        dataSource={request.messages}
        locale={{ emptyText: <EmptyText>{t("thread.empty")}</EmptyText> }}
        renderItem={(message) => (
          <List.Item key={message.id}>
            <Flex vertical gap={4} style={{ width: "100%" }}>
              <Typography.Text strong>
                {t(`thread.${message.side}`)} · {person(message.author_id)} · {dayjs(message.created_at).format(TIME)}
              </Typography.Text>
              <Typography.Paragraph style={{ whiteSpace: "pre-wrap", margin: 0 }}>{message.body}</Typography.Paragraph>
            </Flex>
          </List.Item>
        )}
      />
      {closed ? (
        <Typography.Text type="secondary">{t("thread.closedHint")}</Typography.Text>
      ) : (
        <Form form={form} layout="vertical" style={{ marginTop: 12 }}>
          <ProblemAlert shown={problem} />
          <Form.Item name="body" label={t("thread.reply")} rules={[{ required: true, whitespace: true, max: 10000 }]}>
            <Input.TextArea rows={4} maxLength={10000} />
          </Form.Item>
          <Space wrap>
            {desk ? (
              <>
                <Button type="primary" loading={send.isPending} onClick={() => { submit("answered"); }}>
                  {t("thread.answer")}
                </Button>
                <Button loading={send.isPending} onClick={() => { submit("waiting_for_school"); }}>
                  {t("thread.ask")}
                </Button>
              </>
            ) : (
              <Button type="primary" loading={send.isPending} onClick={() => { submit(); }}>
                {t("thread.send")}
              </Button>
            )}
          </Space>
        </Form>
      )}
    </Card>
  );
}

function Files({ request }: { request: RequestDetail }) {
  const { t, i18n } = useTranslation("helpdesk");
  const api = useApi();
  const [form] = Form.useForm();
  const [problem, setProblem] = useState<ShownProblem | null>(null);
  const path = { request_id: request.id };
  const upload = useRequestChange(async (file: File) =>
    unwrap(
      await api.helpdesk.POST("/helpdesk/requests/{request_id}/attachments", {
        params: { path, query: { file_name: file.name } },
        body: file as unknown as string,
        bodySerializer: (body: unknown) => body,
        headers: { "Content-Type": "application/octet-stream" },
      }),
    ),
  );
  const download = async (id: string, name: string) => {
    const answer = await api.helpdesk.GET("/helpdesk/requests/{request_id}/attachments/{attachment_id}", {
      params: { path: { ...path, attachment_id: id } },
      parseAs: "blob",
    });
    saveFile(unwrap<Blob>(answer), fileNameOf(answer.response, name));
  };
  return (
    <Card size="small" title={<Typography.Title level={2} style={{ margin: 0, fontSize: 18 }}>{t("files.title")}</Typography.Title>}>
      <Form form={form} component={false}>
        <ProblemAlert shown={problem} />
      </Form>
      <List
        dataSource={request.attachments}
        locale={{ emptyText: <EmptyText>{t("files.empty")}</EmptyText> }}
        renderItem={(file) => (
          <List.Item key={file.id}>
            <Button type="link" icon={<PaperClipOutlined />} onClick={() => { void download(file.id, file.file_name); }}>
              {file.file_name}
            </Button>
            <Typography.Text type="secondary">{t("files.size", { size: Math.max(1, Math.round(file.size_bytes / 1024)) })}</Typography.Text>
          </List.Item>
        )}
      />
      {request.status !== "closed" && (
        <Flex gap="small" align="center" wrap>
          <Upload
            showUploadList={false}
            beforeUpload={(file) => {
              setProblem(null);
              upload.mutate(file, {
                onError: (error) => {
                  const shown = showProblemOnForm(form, error, i18n, {}, "helpdesk");
                  // The file's own problem (its type, its size) is worded below the summary.
                  setProblem(error instanceof ApiError ? { ...shown, summary: t("files.refused", { name: file.name }) } : shown);
                },
              });
              return false;
            }}
          >
            <Button icon={<PaperClipOutlined />} loading={upload.isPending}>
              {t("files.attach")}
            </Button>
          </Upload>
          <Typography.Text type="secondary">{t("files.hint")}</Typography.Text>
        </Flex>
      )}
    </Card>
  );
}

function History({ request, person }: { request: RequestDetail; person: (id: string) => string }) {
  const { t } = useTranslation("helpdesk");
  return (
    <Card size="small" title={<Typography.Title level={2} style={{ margin: 0, fontSize: 18 }}>{t("history.title")}</Typography.Title>}>
      <Timeline
        items={request.history.map((entry, index) => ({
          key: index,
          content: (
            <>
              <Typography.Text>
                {entry.change === "status" && entry.from_status !== null && entry.to_status !== null
                  ? t("history.status", { from: t(`status.${entry.from_status}`), to: t(`status.${entry.to_status}`) })
                  : t(`history.${entry.change}`)}
                {entry.change === "assigned" && entry.assignee_id !== null ? `: ${person(entry.assignee_id)}` : ""}
              </Typography.Text>
              <br />
              <Typography.Text type="secondary">
                {dayjs(entry.at).format(TIME)} · {person(entry.actor_id)}
              </Typography.Text>
            </>
          ),
        }))}
      />
    </Card>
  );
}
