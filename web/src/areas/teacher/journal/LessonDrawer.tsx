import { useQuery } from "@tanstack/react-query";
import { AutoComplete, Alert, Button, Drawer, Flex, Form, Input, InputNumber, Select } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { useApi } from "../../../api/ApiContext";
import { unwrap } from "../../../api/client";
import type { GridLesson, JournalGrid, LessonMeta } from "./gridState";
import { dayMonth } from "./dates";

/** A lesson's topic (offered from the lesson plan, J7), homework and the work type of marks
 * typed without a letter; applied to the grid, saved with the lesson's cells. */
export function LessonDrawer({
  lesson,
  meta,
  workTypes,
  lockText,
  onClose,
  onApply,
}: {
  lesson: GridLesson;
  meta: LessonMeta | undefined;
  workTypes: JournalGrid["work_types"];
  lockText: string | null;
  onClose: () => void;
  onApply: (meta: LessonMeta) => void;
}) {
  const { t } = useTranslation("journal");
  const api = useApi();
  const [topic, setTopic] = useState(meta?.topic ?? "");
  const [planTopicId, setPlanTopicId] = useState<string | null>(meta?.planTopicId ?? null);
  const [homework, setHomework] = useState(meta?.homework ?? "");
  const [homeworkMinutes, setHomeworkMinutes] = useState<number | null>(meta?.homeworkMinutes ?? null);
  const [workType, setWorkType] = useState(meta?.workType ?? workTypes[0]?.code ?? "");
  const locked = lockText !== null;
  const planTopics = useQuery({
    queryKey: ["journal", "plan-topics", lesson.lesson_id],
    queryFn: async () =>
      unwrap(
        await api.journal.GET("/journal/lessons/{lesson_id}/plan-topics", {
          params: { path: { lesson_id: lesson.lesson_id } },
        }),
      ),
    enabled: !locked,
    retry: false,
  });
  const options = (planTopics.data?.topics ?? []).map((offered) => ({
    value: offered.topic,
    key: offered.id,
    label: `${offered.number}. ${offered.topic}${offered.next ? ` (${t("lesson.nextTopic")})` : ""}`,
  }));
  return (
    <Drawer open title={t("lesson.title", { date: dayMonth(lesson.lesson_date) })} onClose={onClose} size={420}>
      <Form
        layout="vertical"
        disabled={locked}
        onFinish={() => {
          onApply({ topic: topic.trim(), planTopicId, homework: homework.trim(), homeworkMinutes, workType });
        }}
      >
        {locked && <Alert type="info" showIcon title={lockText} style={{ marginBottom: 16 }} />}
        <Form.Item label={t("lesson.topic")} htmlFor="okrug-lesson-topic" extra={t("lesson.topicHint")}>
          <AutoComplete
            id="okrug-lesson-topic"
            value={topic}
            options={options}
            onChange={(value) => {
              setTopic(value);
              setPlanTopicId(null);
            }}
            onSelect={(_, option) => {
              setTopic(option.value);
              setPlanTopicId(option.key);
            }}
            showSearch={{
              filterOption: (input, option) => option?.value.toLocaleLowerCase().includes(input.toLocaleLowerCase()) ?? false,
            }}
          />
        </Form.Item>
        <Form.Item label={t("lesson.homework")} htmlFor="okrug-lesson-homework">
          <Input.TextArea
            id="okrug-lesson-homework"
            rows={3}
            maxLength={4000}
            value={homework}
            onChange={(event) => {
              setHomework(event.target.value);
            }}
          />
        </Form.Item>
        <Form.Item label={t("lesson.homeworkMinutes")} htmlFor="okrug-lesson-homework-minutes" extra={t("lesson.homeworkMinutesHint")}>
          <InputNumber
            id="okrug-lesson-homework-minutes"
            min={1}
            max={240}
            precision={0}
            value={homeworkMinutes}
            onChange={(value) => {
              setHomeworkMinutes(value);
            }}
          />
        </Form.Item>
        <Form.Item label={t("lesson.workType")} htmlFor="okrug-lesson-work-type">
          <Select
            id="okrug-lesson-work-type"
            value={workType}
            onChange={setWorkType}
            options={workTypes.map((w) => ({ value: w.code, label: w.title_ru }))}
          />
        </Form.Item>
        <Flex gap="small">
          <Button type="primary" htmlType="submit">
            {t("lesson.apply")}
          </Button>
          <Button onClick={onClose} disabled={false}>
            {t("lesson.cancel")}
          </Button>
        </Flex>
      </Form>
    </Drawer>
  );
}
