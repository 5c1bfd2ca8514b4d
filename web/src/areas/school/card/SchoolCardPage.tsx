import { MinusCircleOutlined, PlusOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Card, DatePicker, Flex, Form, Input, Select, Switch, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";

import { useApi } from "../../../api/ApiContext";
import { unwrap } from "../../../api/client";
import type { components } from "../../../api/generated/identity";
import { ProblemAlert } from "../../../forms/ProblemAlert";
import { showProblemOnForm, type ShownProblem } from "../../../forms/problems";
import { Loading } from "../../../layout/Loading";
import { useWorkplace } from "../../../schools/workplace";
import { useIsSchoolAdmin } from "../people/queries";
import { SectionTitle } from "../SectionTitle";

type School = components["schemas"]["SchoolRead"];
const DATE = "YYYY-MM-DD";
const SHOWN_DATE = "DD.MM.YYYY";

interface DocumentValues {
  kind?: string;
  number: string;
  issued_on: Dayjs;
  valid_until?: Dayjs | null;
  issued_by?: string | undefined;
}

interface Values {
  name: string;
  short_name: string;
  address?: string | undefined;
  director_name?: string | undefined;
  time_zone: string;
  licences: DocumentValues[];
  accredited: boolean;
  accreditation?: DocumentValues | undefined;
}

const day = (value: string | null | undefined) => (value ? dayjs(value) : null);
const text = (value: string | undefined) => (value?.trim() ? value.trim() : null);

function valuesOf(school: School): Values {
  return {
    name: school.name,
    short_name: school.short_name,
    address: school.address ?? undefined,
    director_name: school.director_name ?? undefined,
    time_zone: school.time_zone,
    licences: (school.licences ?? []).map((l) => ({
      kind: l.kind,
      number: l.number,
      issued_on: dayjs(l.issued_on),
      valid_until: day(l.valid_until),
      issued_by: l.issued_by ?? undefined,
    })),
    accredited: school.accreditation != null,
    accreditation: school.accreditation
      ? {
          number: school.accreditation.number,
          issued_on: dayjs(school.accreditation.issued_on),
          valid_until: day(school.accreditation.valid_until),
          issued_by: school.accreditation.issued_by ?? undefined,
        }
      : undefined,
  };
}

function documentBody(d: DocumentValues) {
  return {
    number: d.number,
    issued_on: d.issued_on.format(DATE),
    valid_until: d.valid_until ? d.valid_until.format(DATE) : null,
    issued_by: text(d.issued_by),
  };
}

/** The school's card (I1): names, address, director, licences and accreditation, time zone.
 * The school admin keeps it; the rest of the school's staff read it. */
export function SchoolCardPage() {
  const { t } = useTranslation("school");
  const api = useApi();
  const schoolId = useWorkplace().me.school_id ?? "";
  const school = useQuery({
    queryKey: ["identity", "schools", schoolId],
    queryFn: async () => unwrap(await api.identity.GET("/identity/schools/{school_id}", { params: { path: { school_id: schoolId } } })),
  });
  if (school.error !== null) {
    return <Alert type="error" showIcon title={t("common.loadFailed", { message: school.error.message })} />;
  }
  if (school.data === undefined) {
    return <Loading label={t("card.title")} />;
  }
  return <SchoolCardForm school={school.data} />;
}

function SchoolCardForm({ school }: { school: School }) {
  const { t, i18n } = useTranslation("school");
  const { t: common } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const canEdit = useIsSchoolAdmin();
  const [form] = Form.useForm<Values>();
  const accredited = Form.useWatch("accredited", form);
  const [problem, setProblem] = useState<ShownProblem | null>(null);
  const [saved, setSaved] = useState(false);
  const zones = useMemo(() => Intl.supportedValuesOf("timeZone").map((zone) => ({ value: zone, label: zone })), []);
  const required = [{ required: true, message: common("problems.codes.missing") }];

  const save = useMutation({
    mutationFn: async (values: Values) =>
      unwrap(
        await api.identity.PUT("/identity/schools/{school_id}/profile", {
          params: { path: { school_id: school.id } },
          body: {
            name: values.name.trim(),
            short_name: values.short_name.trim(),
            address: text(values.address),
            director_name: text(values.director_name),
            time_zone: values.time_zone,
            licences: values.licences.map((l) => ({ ...documentBody(l), kind: text(l.kind) ?? "educational" })),
            accreditation: values.accredited && values.accreditation ? documentBody(values.accreditation) : null,
          },
        }),
      ),
    onSuccess: async (updated) => {
      setProblem(null);
      setSaved(true);
      queryClient.setQueryData(["identity", "schools", school.id], updated);
      await queryClient.invalidateQueries({ queryKey: ["identity", "me"] });
    },
    onError: (error) => {
      setSaved(false);
      setProblem(showProblemOnForm(form, error, i18n));
    },
  });

  const documentFields = (prefix: (string | number)[], withKind: boolean) => (
    <Flex gap="middle" wrap>
      {withKind && (
        <Form.Item name={[...prefix, "kind"]} label={t("card.licenceKind")} style={{ minWidth: 240, flex: 1 }}>
          <Input maxLength={100} />
        </Form.Item>
      )}
      <Form.Item name={[...prefix, "number"]} label={t("card.number")} rules={required}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name={[...prefix, "issued_on"]} label={t("card.issuedOn")} rules={required}>
        <DatePicker format={SHOWN_DATE} />
      </Form.Item>
      <Form.Item name={[...prefix, "valid_until"]} label={t("card.validUntil")} extra={t("card.validUntilHelp")}>
        <DatePicker format={SHOWN_DATE} />
      </Form.Item>
      <Form.Item name={[...prefix, "issued_by"]} label={t("card.issuedBy")} style={{ minWidth: 240, flex: 1 }}>
        <Input maxLength={300} />
      </Form.Item>
    </Flex>
  );

  return (
    <Flex vertical gap="middle" style={{ maxWidth: 960 }}>
      <Typography.Title level={1} style={{ margin: 0 }}>
        {t("card.title")}
      </Typography.Title>
      {school.profile_updated_at && (
        <Typography.Text type="secondary">{t("card.updated", { date: dayjs(school.profile_updated_at).format("DD.MM.YYYY HH:mm") })}</Typography.Text>
      )}
      {!canEdit && <Alert type="info" showIcon title={t("common.readOnly")} />}
      {saved && <Alert type="success" role="status" showIcon title={t("card.saved")} />}
      <ProblemAlert shown={problem} />
      <Form<Values>
        form={form}
        layout="vertical"
        disabled={!canEdit}
        initialValues={valuesOf(school)}
        aria-label={t("card.title")}
        onFinish={(values) => {
          save.mutate(values);
        }}
        onValuesChange={() => {
          setSaved(false);
        }}
      >
        <Card>
          <Form.Item name="name" label={t("card.name")} rules={required}>
            <Input maxLength={300} />
          </Form.Item>
          <Flex gap="middle" wrap>
            <Form.Item name="short_name" label={t("card.shortName")} rules={required} style={{ flex: 1, minWidth: 240 }}>
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item name="time_zone" label={t("card.timeZone")} rules={required} style={{ minWidth: 260 }}>
              <Select showSearch options={zones} />
            </Form.Item>
          </Flex>
          <Form.Item name="address" label={t("card.address")}>
            <Input maxLength={500} />
          </Form.Item>
          <Form.Item name="director_name" label={t("card.directorName")}>
            <Input maxLength={300} />
          </Form.Item>
        </Card>
        <Card title={<SectionTitle>{t("card.licences")}</SectionTitle>} style={{ marginTop: 16 }}>
          <Form.List name="licences">
            {(fields, { add, remove }) => (
              <Flex vertical gap="middle">
                {fields.map((field, index) => (
                  <Card key={field.key} size="small" type="inner" title={t("card.licence", { n: index + 1 })}
                    extra={
                      canEdit && (
                        <Button
                          type="text"
                          danger
                          icon={<MinusCircleOutlined />}
                          aria-label={t("card.removeLicence", { n: index + 1 })}
                          onClick={() => {
                            remove(field.name);
                          }}
                        />
                      )
                    }
                  >
                    {documentFields([field.name], true)}
                  </Card>
                ))}
                {canEdit && (
                  <Button
                    type="dashed"
                    icon={<PlusOutlined />}
                    onClick={() => {
                      add({ kind: "образовательная деятельность" });
                    }}
                  >
                    {t("card.addLicence")}
                  </Button>
                )}
              </Flex>
            )}
          </Form.List>
        </Card>
        <Card title={<SectionTitle>{t("card.accreditation")}</SectionTitle>} style={{ marginTop: 16 }}>
          <Form.Item name="accredited" label={t("card.hasAccreditation")} valuePropName="checked">
            <Switch />
          </Form.Item>
          {accredited && documentFields(["accreditation"], false)}
        </Card>
        {canEdit && (
          <Button type="primary" htmlType="submit" loading={save.isPending} style={{ marginTop: 16 }}>
            {t("common.save")}
          </Button>
        )}
      </Form>
    </Flex>
  );
}
