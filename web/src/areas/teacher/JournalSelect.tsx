import { Form, Select } from "antd";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";

import type { TaughtSubject } from "./queries";

/** A journal's key: its class, subject and group. */
export function journalKey(journal: TaughtSubject): string {
  return `${journal.class_id}/${journal.subject_id}/${journal.group_id ?? ""}`;
}

/** "5Б · Математика", with the group when the journal is a group's. */
export function journalName(t: TFunction<"teacher">, journal: TaughtSubject): string {
  const name = t("journal.name", { className: journal.class_name, subject: journal.subject_name });
  return journal.group_name === null ? name : t("journal.group", { name, group: journal.group_name });
}

/** The journal a screen works on, among those the teacher keeps (labelled, by keyboard). */
export function JournalSelect({
  journals,
  value,
  onChange,
}: {
  journals: readonly TaughtSubject[];
  value: string;
  onChange: (key: string) => void;
}) {
  const { t } = useTranslation("teacher");
  return (
    <Form.Item label={t("journal.label")} htmlFor="teacher-journal" style={{ marginBottom: 0, maxWidth: 520 }}>
      <Select
        id="teacher-journal"
        style={{ minWidth: 320 }}
        placeholder={t("journal.placeholder")}
        value={value}
        onChange={onChange}
        showSearch={{ optionFilterProp: "label" }}
        options={journals.map((journal) => ({ value: journalKey(journal), label: journalName(t, journal) }))}
      />
    </Form.Item>
  );
}
