import { DownloadOutlined } from "@ant-design/icons";
import { Button, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { ApiError, toProblem } from "../../../api/problem";
import { problemText } from "../../../forms/problems";
import { fileNameOf, saveFile } from "../../../files/download";

/** Fetches a report's file with the person's token and saves it; the problem, if any, beside. */
export function DownloadButton({
  label,
  fetchFile,
  fallbackName,
}: {
  label: string;
  fetchFile: () => Promise<{ data?: Blob; error?: unknown; response: Response }>;
  fallbackName: string;
}) {
  const { t, i18n } = useTranslation("schoolReports");
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const download = async () => {
    setBusy(true);
    setFailed(null);
    try {
      const { data, error, response } = await fetchFile();
      if (!response.ok || data === undefined) throw new ApiError(toProblem(response.status, error));
      saveFile(data, fileNameOf(response, fallbackName));
    } catch (error) {
      setFailed(error instanceof ApiError ? problemText(i18n, error.problem) : t("downloadFailed"));
    } finally {
      setBusy(false);
    }
  };
  return (
    <span>
      <Button
        icon={<DownloadOutlined />}
        loading={busy}
        onClick={() => {
          void download();
        }}
      >
        {label}
      </Button>
      {failed !== null && (
        <Typography.Text type="danger" role="alert" style={{ marginLeft: 8 }}>
          {failed}
        </Typography.Text>
      )}
    </span>
  );
}
