export const credentialIssueKeys = {
  all: ["identity", "credential-issues"] as const,
};
