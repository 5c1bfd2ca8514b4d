import { PlusOutlined } from "@ant-design/icons";
import { Alert, Button, Flex, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { useRequests } from "./queries";
import { RequestTable } from "./RequestTable";

/** The school's requests to the district's working group (H1), newest first. */
export function SchoolRequestsPage() {
  const { t } = useTranslation("helpdesk");
  const requests = useRequests({});
  return (
    <Flex vertical gap="middle">
      <Flex justify="space-between" align="center" wrap gap="small">
        <Typography.Title level={1} style={{ margin: 0 }}>
          {t("title")}
        </Typography.Title>
        <Link to="new">
          <Button type="primary" icon={<PlusOutlined />} tabIndex={-1}>
            {t("newRequest")}
          </Button>
        </Link>
      </Flex>
      {requests.error !== null && <Alert type="error" showIcon title={t("loadFailed", { message: requests.error.message })} />}
      <RequestTable requests={requests.data} loading={requests.isPending} />
    </Flex>
  );
}
