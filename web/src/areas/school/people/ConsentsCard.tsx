import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Card, Checkbox, DatePicker, Flex, Form, Input, Modal, Radio, Select, Table, Tag, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { useApi } from "../../../api/ApiContext";
import { unwrap } from "../../../api/client";
import type { components } from "../../../api/generated/identity";
import { ProblemAlert } from "../../../forms/ProblemAlert";
import { showProblemOnForm, type ShownProblem } from "../../../forms/problems";
import { SectionTitle } from "../SectionTitle";
import { useGuardianLinks } from "./GuardiansCard";
import { fullName, type Person } from "./queries";
import { EmptyText } from "../EmptyText";
import { atLeastOne } from "../rules";

type Consent = components["schemas"]["ConsentRead"];
type Category = components["schemas"]["ConsentCreate"]["categories"][number];
const CATEGORIES: readonly Category[] = ["birth_date", "address", "contacts", "identity_document", "snils"];
const DATE = "YYYY-MM-DD";
const SHOWN_DATE = "DD.MM.YYYY";

interface Values {
  categories: Category[];
  purposes: string[];
  given_by: "self" | "guardian";
  given_by_person_id?: string;
  given_by_name?: string;
  given_on: Dayjs;
  document: { type: string; number?: string; date: Dayjs };
}

const consentsKey = (personId: string) => ["identity", "consents", personId] as const;

/** A person's consents to the processing of their personal data (I3): the school records
 * the paper form and its withdrawal; a student's consent is given by a guardian. */
export function ConsentsCard({ person, canEdit }: { person: Person; canEdit: boolean }) {
  const { t } = useTranslation("school");
  const api = useApi();
  const consents = useQuery({
    queryKey: consentsKey(person.id),
    queryFn: async () =>
      unwrap(await api.identity.GET("/identity/persons/{person_id}/consents", { params: { path: { person_id: person.id } } })),
  });
  const [withdrawing, setWithdrawing] = useState<Consent | null>(null);

  return (
    <Card title={<SectionTitle>{t("consents.title")}</SectionTitle>}>
      <Flex vertical gap="large">
        {consents.error !== null && <Alert type="error" title={t("common.loadFailed", { message: consents.error.message })} />}
        <Table<Consent>
          rowKey="id"
          size="small"
          pagination={false}
          loading={consents.isPending}
          dataSource={consents.data ?? []}
          locale={{ emptyText: <EmptyText>{t("consents.none")}</EmptyText> }}
          columns={[
            {
              title: t("consents.categories"),
              key: "categories",
              render: (_, c) => c.categories.map((k) => t(`consents.category.${k as Category}`)).join(", "),
            },
            { title: t("consents.purposes"), key: "purposes", render: (_, c) => c.purposes.join("; ") },
            {
              title: t("consents.columns.given"),
              key: "given",
              render: (_, c) => dayjs(c.given_on).format(SHOWN_DATE),
            },
            {
              title: t("consents.columns.by"),
              key: "by",
              render: (_, c) => (c.given_by === "self" ? t("consents.givenBySelf") : (c.given_by_name ?? t("consents.givenByGuardian"))),
            },
            {
              title: t("consents.columns.document"),
              key: "document",
              render: (_, c) => [c.document.type, c.document.number, dayjs(c.document.date).format(SHOWN_DATE)].filter(Boolean).join(", "),
            },
            {
              title: t("consents.status"),
              key: "status",
              render: (_, c) =>
                c.active ? (
                  <Flex gap="small" align="center" wrap>
                    <Typography.Text strong>{t("consents.active")}</Typography.Text>
                    {canEdit && (
                      <Button
                        size="small"
                        onClick={() => {
                          setWithdrawing(c);
                        }}
                      >
                        {t("consents.withdraw")}
                      </Button>
                    )}
                  </Flex>
                ) : (
                  <Tag>{t("consents.withdrawn", { date: dayjs(c.withdrawn_at).format(SHOWN_DATE) })}</Tag>
                ),
            },
          ]}
        />
        {canEdit && !person.left_at && <RecordConsentForm person={person} />}
      </Flex>
      {withdrawing !== null && (
        <WithdrawModal
          consent={withdrawing}
          onClose={() => {
            setWithdrawing(null);
          }}
        />
      )}
    </Card>
  );
}

function RecordConsentForm({ person }: { person: Person }) {
  const { t, i18n } = useTranslation("school");
  const { t: common } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const givenBy = Form.useWatch("given_by", form);
  const links = useGuardianLinks(person.id);
  const [problem, setProblem] = useState<ShownProblem | null>(null);
  const [recorded, setRecorded] = useState(false);
  const isStudent = person.kind === "student";
  const required = [{ required: true, message: common("problems.codes.missing") }];

  const record = useMutation({
    mutationFn: async (values: Values) =>
      unwrap(
        await api.identity.POST("/identity/persons/{person_id}/consents", {
          params: { path: { person_id: person.id } },
          body: {
            categories: values.categories,
            purposes: values.purposes,
            given_by: values.given_by,
            given_by_person_id: values.given_by === "guardian" ? (values.given_by_person_id ?? null) : null,
            given_by_name: values.given_by === "guardian" && values.given_by_name?.trim() ? values.given_by_name : null,
            given_on: values.given_on.format(DATE),
            document: {
              type: values.document.type,
              number: values.document.number?.trim() ? values.document.number : null,
              date: values.document.date.format(DATE),
            },
          },
        }),
      ),
    onSuccess: async () => {
      setProblem(null);
      setRecorded(true);
      form.resetFields();
      await queryClient.invalidateQueries({ queryKey: consentsKey(person.id) });
    },
    onError: (error) => {
      setRecorded(false);
      setProblem(showProblemOnForm(form, error, i18n));
    },
  });

  const guardianOptions = (links.data ?? []).map((l) => ({
    value: l.other_id,
    label: fullName({ last_name: l.other_last_name, first_name: l.other_first_name, middle_name: l.other_middle_name }),
  }));
  return (
    <Form<Values>
      form={form}
      layout="vertical"
      aria-label={t("consents.record")}
      initialValues={{
        given_by: isStudent ? "guardian" : "self",
        given_on: dayjs(),
        purposes: t("consents.purposePresets").slice(0, 1),
        document: { type: t("consents.documentTypeDefault"), date: dayjs() },
      }}
      onFinish={(values) => {
        record.mutate(values);
      }}
      onValuesChange={() => {
        setRecorded(false);
      }}
    >
      <SectionTitle>{t("consents.record")}</SectionTitle>
      {recorded && <Alert type="success" role="status" showIcon title={t("consents.recorded")} style={{ marginTop: 12 }} />}
      <ProblemAlert shown={problem} />
      <Form.Item name="categories" label={t("consents.categories")} rules={[atLeastOne(common("problems.codes.missing"))]} style={{ marginTop: 12 }}>
        <Checkbox.Group options={CATEGORIES.map((k) => ({ value: k, label: t(`consents.category.${k}`) }))} />
      </Form.Item>
      <Form.Item name="purposes" label={t("consents.purposes")} extra={t("consents.purposesHelp")} rules={required}>
        <Select mode="tags" options={t("consents.purposePresets").map((p) => ({ value: p, label: p }))} />
      </Form.Item>
      <Form.Item name="given_by" label={t("consents.givenBy")}>
        <Radio.Group
          options={[
            { value: "self", label: t("consents.givenBySelf"), disabled: isStudent },
            { value: "guardian", label: t("consents.givenByGuardian") },
          ]}
        />
      </Form.Item>
      {givenBy === "guardian" && (
        <Flex gap="middle" wrap>
          <Form.Item name="given_by_person_id" label={t("consents.guardian")} style={{ minWidth: 280 }}>
            <Select allowClear showSearch={{ optionFilterProp: "label" }} options={guardianOptions} loading={links.isPending} />
          </Form.Item>
          <Form.Item name="given_by_name" label={t("consents.guardianName")} style={{ flex: 1, minWidth: 280 }}>
            <Input maxLength={300} />
          </Form.Item>
        </Flex>
      )}
      <Flex gap="middle" wrap>
        <Form.Item name="given_on" label={t("consents.givenOn")} rules={required}>
          <DatePicker format={SHOWN_DATE} />
        </Form.Item>
        <Form.Item name={["document", "type"]} label={t("consents.documentType")} rules={required} style={{ flex: 1, minWidth: 280 }}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name={["document", "number"]} label={t("consents.documentNumber")}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name={["document", "date"]} label={t("consents.documentDate")} rules={required}>
          <DatePicker format={SHOWN_DATE} />
        </Form.Item>
      </Flex>
      <Button type="primary" htmlType="submit" loading={record.isPending}>
        {t("consents.record")}
      </Button>
    </Form>
  );
}

function WithdrawModal({ consent, onClose }: { consent: Consent; onClose: () => void }) {
  const { t, i18n } = useTranslation("school");
  const { t: common } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ document: string }>();
  const [problem, setProblem] = useState<ShownProblem | null>(null);
  const withdraw = useMutation({
    mutationFn: async (document: string) =>
      unwrap(
        await api.identity.POST("/identity/consents/{consent_id}/withdrawal", {
          params: { path: { consent_id: consent.id } },
          body: { document },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: consentsKey(consent.person_id) });
      onClose();
    },
    onError: (error) => {
      setProblem(showProblemOnForm(form, error, i18n));
    },
  });
  return (
    <Modal
      open
      title={t("consents.withdrawTitle")}
      okText={t("consents.withdraw")}
      cancelText={t("common.cancel")}
      confirmLoading={withdraw.isPending}
      onOk={() => {
        form.submit();
      }}
      onCancel={onClose}
    >
      <ProblemAlert shown={problem} />
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) => {
          withdraw.mutate(values.document);
        }}
      >
        <Form.Item name="document" label={t("consents.withdrawDocument")} rules={[{ required: true, message: common("problems.codes.missing") }]}>
          <Input autoFocus maxLength={300} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
