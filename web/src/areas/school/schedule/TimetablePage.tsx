import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, Button, DatePicker, Flex, Form, Modal, Select, Space, Table, Typography } from "antd";
import type { Dayjs } from "dayjs";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";

import { useApi } from "../../../api/ApiContext";
import { unwrap } from "../../../api/client";
import { ProblemAlert } from "../../../forms/ProblemAlert";
import { showProblemOnForm, type ShownProblem } from "../../../forms/problems";
import { ClassSelect } from "./ClassSelect";
import { clashesBySlot, clashesOf, slotKey, type BellPeriod, type Clash, type SlotEntry } from "./conflicts";
import { formatBellTime, formatDate, isoDay } from "./format";
import { nameLookup } from "./names";
import {
  useBellSchedules,
  useClasses,
  useRooms,
  useSchoolKey,
  useStaff,
  useSubjects,
  useTimetables,
  type Timetable,
} from "./queries";

const WEEKDAYS = [1, 2, 3, 4, 5, 6] as const;
const SLOT_STYLE = { minHeight: 56, padding: 4 };
const CONFLICT_STYLE = { ...SLOT_STYLE, border: "2px solid #cf1322", borderRadius: 4, background: "#fff1f0" };

function entryBody(entry: SlotEntry): SlotEntry {
  return {
    weekday: entry.weekday,
    period: entry.period,
    subject_id: entry.subject_id,
    teacher_id: entry.teacher_id,
    room_id: entry.room_id ?? null,
    group_id: entry.group_id ?? null,
  };
}

interface EditedSlot {
  weekday: number;
  period: number;
  /** The index of the slot's whole-class entry in the timetable; none for an empty slot. */
  index: number | undefined;
}

interface EntryForm {
  subject_id: string;
  teacher_id: string;
  room_id?: string | null;
}

function useTimetableNames() {
  const classes = useClasses();
  const subjects = useSubjects();
  const rooms = useRooms();
  const staff = useStaff();
  return useMemo(() => {
    const className = new Map((classes.data ?? []).map((c) => [c.id, c.name]));
    const subjectName = new Map((subjects.data ?? []).map((s) => [s.id, s.name]));
    const roomName = new Map((rooms.data ?? []).map((r) => [r.id, r.name]));
    return {
      className: (id: string) => className.get(id) ?? "—",
      subjectName: (id: string) => subjectName.get(id) ?? "—",
      roomName: (id: string | null | undefined) => (id == null ? null : (roomName.get(id) ?? null)),
      personName: nameLookup(staff.data),
    };
  }, [classes.data, subjects.data, rooms.data, staff.data]);
}

function ClashText({ clash }: { clash: Clash }) {
  const { t } = useTranslation("schoolSchedule");
  const names = useTimetableNames();
  const what = { className: names.className(clash.other.class_id), subject: names.subjectName(clash.otherEntry.subject_id) };
  return (
    <>
      {clash.kind === "teacher"
        ? t("timetable.clashTeacher", { teacher: names.personName(clash.entry.teacher_id), ...what })
        : t("timetable.clashRoom", { room: names.roomName(clash.entry.room_id) ?? "—", ...what })}
    </>
  );
}

function SlotCell({
  entries,
  clashes,
  editable,
  label,
  onEdit,
}: {
  entries: SlotEntry[];
  clashes: Clash[];
  editable: boolean;
  label: string;
  onEdit: () => void;
}) {
  const { t } = useTranslation("schoolSchedule");
  const names = useTimetableNames();
  const conflicted = clashes.length > 0;
  return (
    <div style={conflicted ? CONFLICT_STYLE : SLOT_STYLE} data-testid="timetable-slot" data-conflict={conflicted}>
      {entries.map((entry) => (
        <div key={`${entry.subject_id}:${entry.group_id ?? ""}`}>
          <Typography.Text strong>{names.subjectName(entry.subject_id)}</Typography.Text>
          <div>{names.personName(entry.teacher_id)}</div>
          {names.roomName(entry.room_id) !== null && <div>{t("timetable.room", { room: names.roomName(entry.room_id) })}</div>}
        </div>
      ))}
      {clashes.map((clash) => (
        <div key={`${clash.other.id}:${clash.kind}:${clash.otherEntry.subject_id}`}>
          <strong style={{ color: "#a8071a" }}>{t("timetable.conflict")}: </strong>
          <span style={{ color: "#a8071a" }}>
            <ClashText clash={clash} />
          </span>
        </div>
      ))}
      {editable && (
        <Button size="small" type="link" onClick={onEdit} aria-label={label} style={{ paddingInline: 0 }}>
          {entries.length === 0 ? t("timetable.add") : t("timetable.edit")}
        </Button>
      )}
    </div>
  );
}

function EntryModal({ timetable, slot, onClose }: { timetable: Timetable; slot: EditedSlot; onClose: () => void }) {
  const { t, i18n } = useTranslation("schoolSchedule");
  const api = useApi();
  const school = useSchoolKey();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<EntryForm>();
  const [shown, setShown] = useState<ShownProblem | null>(null);
  const subjects = useSubjects();
  const rooms = useRooms();
  const staff = useStaff();
  const current = slot.index === undefined ? undefined : timetable.entries[slot.index];
  const teachers = (staff.data ?? []).filter((person) => person.roles.includes("teacher") && person.left_at == null);
  const names = nameLookup(staff.data);

  const save = useMutation({
    mutationFn: async (entries: SlotEntry[]) =>
      unwrap(await api.schedule.PUT("/schedule/timetables/{timetable_id}/entries", { params: { path: { timetable_id: timetable.id } }, body: { entries } })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ["schedule", school, "timetables"] });
      onClose();
    },
    onError: (error) => {
      const index = slot.index ?? timetable.entries.length;
      const aliases = Object.fromEntries(
        ["subject_id", "teacher_id", "room_id"].flatMap((field) => [
          [`entries.${String(index)}.${field}`, [field]],
          [`body.entries.${String(index)}.${field}`, [field]],
        ]),
      );
      setShown(showProblemOnForm(form, error, i18n, aliases));
    },
  });

  const others = timetable.entries.filter((_, index) => index !== slot.index).map(entryBody);
  const submit = (values: EntryForm) => {
    setShown(null);
    const entry: SlotEntry = { weekday: slot.weekday, period: slot.period, ...values, room_id: values.room_id ?? null, group_id: null };
    const entries = [...others];
    entries.splice(slot.index ?? entries.length, 0, entry);
    save.mutate(entries);
  };

  return (
    <Modal
      open
      title={t("timetable.editTitle", { day: t(`weekdays.${String(slot.weekday)}` as "weekdays.1"), period: slot.period })}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
    >
      <ProblemAlert shown={shown} />
      <Form<EntryForm>
        form={form}
        layout="vertical"
        initialValues={current === undefined ? {} : { subject_id: current.subject_id, teacher_id: current.teacher_id, room_id: current.room_id ?? null }}
        onFinish={submit}
      >
        <Form.Item name="subject_id" label={t("timetable.subject")} rules={[{ required: true, message: t("timetable.required") }]}>
          <Select showSearch={{ optionFilterProp: "label" }} options={(subjects.data ?? []).map((s) => ({ value: s.id, label: s.name }))} />
        </Form.Item>
        <Form.Item name="teacher_id" label={t("timetable.teacher")} rules={[{ required: true, message: t("timetable.required") }]}>
          <Select showSearch={{ optionFilterProp: "label" }} options={teachers.map((p) => ({ value: p.id, label: names(p.id) }))} />
        </Form.Item>
        <Form.Item name="room_id" label={t("timetable.roomLabel")}>
          <Select allowClear options={(rooms.data ?? []).map((r) => ({ value: r.id, label: r.name }))} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {t("timetable.save")}
          </Button>
          {slot.index !== undefined && (
            <Button
              danger
              onClick={() => {
                save.mutate(others);
              }}
            >
              {t("timetable.remove")}
            </Button>
          )}
          <Button onClick={onClose}>{t("timetable.cancel")}</Button>
        </Space>
      </Form>
    </Modal>
  );
}

interface DraftForm {
  range: [Dayjs, Dayjs];
  bell_schedule_id?: string;
}

function DraftModal({ classId, onClose, onCreated }: { classId: string; onClose: () => void; onCreated: (id: string) => void }) {
  const { t, i18n } = useTranslation("schoolSchedule");
  const api = useApi();
  const school = useSchoolKey();
  const queryClient = useQueryClient();
  const bellSchedules = useBellSchedules();
  const [form] = Form.useForm<DraftForm>();
  const [shown, setShown] = useState<ShownProblem | null>(null);
  const create = useMutation({
    mutationFn: async (values: DraftForm) =>
      unwrap(
        await api.schedule.POST("/schedule/timetables", {
          body: {
            class_id: classId,
            valid_from: isoDay(values.range[0]),
            valid_to: isoDay(values.range[1]),
            bell_schedule_id: values.bell_schedule_id ?? null,
            entries: [],
          },
        }),
      ),
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: ["schedule", school, "timetables"] });
      onCreated(created.id);
    },
    onError: (error) => {
      setShown(showProblemOnForm(form, error, i18n, { valid_from: ["range"], valid_to: ["range"], "body.valid_from": ["range"], "body.valid_to": ["range"] }));
    },
  });
  return (
    <Modal open title={t("timetable.newDraft")} onCancel={onClose} footer={null} destroyOnHidden>
      <ProblemAlert shown={shown} />
      <Form<DraftForm>
        form={form}
        layout="vertical"
        onFinish={(values) => {
          setShown(null);
          create.mutate(values);
        }}
      >
        <Form.Item name="range" label={t("timetable.range")} rules={[{ required: true, message: t("timetable.required") }]}>
          <DatePicker.RangePicker format="DD.MM.YYYY" />
        </Form.Item>
        <Form.Item name="bell_schedule_id" label={t("timetable.bellSchedule")}>
          <Select allowClear options={(bellSchedules.data ?? []).map((b) => ({ value: b.id, label: b.name }))} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={create.isPending}>
            {t("timetable.create")}
          </Button>
          <Button onClick={onClose}>{t("timetable.cancel")}</Button>
        </Space>
      </Form>
    </Modal>
  );
}

function PublishButton({ timetable }: { timetable: Timetable }) {
  const { t, i18n } = useTranslation("schoolSchedule");
  const api = useApi();
  const school = useSchoolKey();
  const queryClient = useQueryClient();
  const [form] = Form.useForm();
  const [shown, setShown] = useState<ShownProblem | null>(null);
  const publish = useMutation({
    mutationFn: async () => unwrap(await api.schedule.POST("/schedule/timetables/{timetable_id}/publish", { params: { path: { timetable_id: timetable.id } } })),
    onSuccess: async () => {
      setShown(null);
      await queryClient.invalidateQueries({ queryKey: ["schedule", school, "timetables"] });
    },
    onError: (error) => {
      setShown(showProblemOnForm(form, error, i18n));
    },
  });
  return (
    <Flex vertical gap="small">
      <Form form={form} component={false} />
      <Button
        type="primary"
        loading={publish.isPending}
        onClick={() => {
          publish.mutate();
        }}
      >
        {t("timetable.publish")}
      </Button>
      <ProblemAlert shown={shown} />
    </Flex>
  );
}

function timetableLabel(timetable: Timetable, t: (key: "timetable.published" | "timetable.draft") => string): string {
  const status = timetable.status === "published" ? t("timetable.published") : t("timetable.draft");
  return `${formatDate(timetable.valid_from)} – ${formatDate(timetable.valid_to)} · ${status}`;
}

function TimetableGrid({ timetable, all }: { timetable: Timetable; all: Timetable[] }) {
  const { t } = useTranslation("schoolSchedule");
  const bellSchedules = useBellSchedules();
  const [edited, setEdited] = useState<EditedSlot | null>(null);
  const bells = useMemo(
    () => new Map<string, BellPeriod[]>((bellSchedules.data ?? []).map((schedule) => [schedule.id, schedule.periods])),
    [bellSchedules.data],
  );
  const clashes = useMemo(() => clashesOf(timetable, all, bells), [timetable, all, bells]);
  const bySlot = clashesBySlot(clashes);
  const ownBells = bells.get(timetable.bell_schedule_id) ?? [];
  const numbers = [...new Set([...ownBells.map((bell) => bell.number), ...timetable.entries.map((entry) => entry.period)])].sort((a, b) => a - b);
  const editable = timetable.status === "draft";

  const columns = [
    {
      key: "period",
      title: t("timetable.period"),
      width: 110,
      render: (_: unknown, row: { period: number }) => {
        const bell = ownBells.find((b) => b.number === row.period);
        return (
          <>
            <Typography.Text strong>{t("timetable.periodNumber", { period: row.period })}</Typography.Text>
            {bell !== undefined && <div>{`${formatBellTime(bell.starts_at)}–${formatBellTime(bell.ends_at)}`}</div>}
          </>
        );
      },
    },
    ...WEEKDAYS.map((weekday) => ({
      key: String(weekday),
      title: t(`weekdays.${String(weekday)}` as "weekdays.1"),
      render: (_: unknown, row: { period: number }) => {
        const entries = timetable.entries.filter((entry) => entry.weekday === weekday && entry.period === row.period);
        const wholeClass = timetable.entries.findIndex((entry) => entry.weekday === weekday && entry.period === row.period && entry.group_id == null);
        return (
          <SlotCell
            entries={entries}
            clashes={bySlot.get(slotKey(weekday, row.period)) ?? []}
            editable={editable && entries.every((entry) => entry.group_id == null)}
            label={t(entries.length === 0 ? "timetable.addLabel" : "timetable.editLabel", {
              day: t(`weekdays.${String(weekday)}` as "weekdays.1"),
              period: row.period,
            })}
            onEdit={() => {
              setEdited({ weekday, period: row.period, index: wholeClass === -1 ? undefined : wholeClass });
            }}
          />
        );
      },
    })),
  ];

  return (
    <Flex vertical gap="middle">
      {clashes.length > 0 ? (
        <Alert type="warning" showIcon title={t("timetable.conflicts", { count: clashes.length })} description={t("timetable.conflictsHint")} />
      ) : (
        <Alert type="success" showIcon title={t("timetable.noConflicts")} />
      )}
      {timetable.published_late && <Alert type="info" showIcon title={t("timetable.publishedLate")} />}
      <Table
        rowKey="period"
        size="small"
        bordered
        pagination={false}
        scroll={{ x: 900 }}
        columns={columns}
        dataSource={numbers.map((period) => ({ period }))}
        caption={<span className="okrug-visually-hidden">{t("timetable.caption")}</span>}
      />
      {edited !== null && (
        <EntryModal
          timetable={timetable}
          slot={edited}
          onClose={() => {
            setEdited(null);
          }}
        />
      )}
    </Flex>
  );
}

/** The timetable of a class as a week grid (periods by weekdays), the other classes'
 * timetables' conflicts shown in their cells; a draft is edited cell by cell and published. */
export function TimetablePage() {
  const { t } = useTranslation("schoolSchedule");
  const [search, setSearch] = useSearchParams();
  const classId = search.get("class") ?? undefined;
  const timetables = useTimetables();
  const [drafting, setDrafting] = useState(false);
  const ofClass = (timetables.data ?? []).filter((timetable) => timetable.class_id === classId);
  const chosenId = search.get("timetable") ?? ofClass.at(-1)?.id;
  const chosen = ofClass.find((timetable) => timetable.id === chosenId);

  return (
    <Flex vertical gap="middle">
      <Typography.Title level={1}>{t("timetable.title")}</Typography.Title>
      <Flex gap="middle" wrap align="end">
        <ClassSelect
          id="timetable-class"
          value={classId}
          onChange={(id) => {
            setSearch({ class: id });
          }}
        />
        {classId !== undefined && ofClass.length > 0 && (
          <Form.Item label={t("timetable.which")} htmlFor="timetable-which" style={{ marginBottom: 0 }}>
            <Select
              id="timetable-which"
              style={{ minWidth: 300 }}
              value={chosen?.id ?? null}
              onChange={(id: string) => {
                setSearch({ class: classId, timetable: id });
              }}
              options={ofClass.map((timetable) => ({ value: timetable.id, label: timetableLabel(timetable, t) }))}
            />
          </Form.Item>
        )}
        {classId !== undefined && (
          <Button
            onClick={() => {
              setDrafting(true);
            }}
          >
            {t("timetable.newDraft")}
          </Button>
        )}
        {chosen?.status === "draft" && <PublishButton timetable={chosen} />}
      </Flex>
      {classId === undefined && <Alert type="info" showIcon title={t("timetable.chooseClass")} />}
      {classId !== undefined && timetables.isSuccess && ofClass.length === 0 && <Alert type="info" showIcon title={t("timetable.none")} />}
      {chosen !== undefined && <TimetableGrid timetable={chosen} all={timetables.data ?? []} />}
      {drafting && classId !== undefined && (
        <DraftModal
          classId={classId}
          onClose={() => {
            setDrafting(false);
          }}
          onCreated={(id) => {
            setDrafting(false);
            setSearch({ class: classId, timetable: id });
          }}
        />
      )}
    </Flex>
  );
}
