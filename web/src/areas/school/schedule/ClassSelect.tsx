import { Form, Select } from "antd";
import { useTranslation } from "react-i18next";

import { useClasses } from "./queries";

/** The school's classes (5А, 5Б...) to choose one from, labelled for screen readers. */
export function ClassSelect({ value, onChange, id }: { value: string | undefined; onChange: (classId: string) => void; id: string }) {
  const { t } = useTranslation("schoolSchedule");
  const classes = useClasses();
  return (
    <Form.Item label={t("common.class")} htmlFor={id} style={{ marginBottom: 0 }}>
      <Select
        id={id}
        style={{ minWidth: 140 }}
        value={value ?? null}
        onChange={onChange}
        loading={classes.isPending}
        showSearch={{ optionFilterProp: "label" }}
        options={(classes.data ?? []).map((schoolClass) => ({ value: schoolClass.id, label: schoolClass.name }))}
      />
    </Form.Item>
  );
}
