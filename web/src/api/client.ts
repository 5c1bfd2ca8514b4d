import createClient, { type Client, type Middleware } from "openapi-fetch";

import type { paths as HelpdeskPaths } from "./generated/helpdesk";
import type { paths as IdentityPaths } from "./generated/identity";
import type { paths as JournalPaths } from "./generated/journal";
import type { paths as NotifyPaths } from "./generated/notify";
import type { paths as SchedulePaths } from "./generated/schedule";
import { ApiError, toProblem } from "./problem";

/** One typed client per service; every path carries its service prefix (/identity/...). */
export interface Api {
  identity: Client<IdentityPaths>;
  schedule: Client<SchedulePaths>;
  journal: Client<JournalPaths>;
  notify: Client<NotifyPaths>;
  helpdesk: Client<HelpdeskPaths>;
}

export type AccessToken = () => Promise<string | null>;

function bearer(accessToken: AccessToken): Middleware {
  return {
    async onRequest({ request }) {
      const token = await accessToken();
      if (token !== null) {
        request.headers.set("Authorization", `Bearer ${token}`);
      }
      return request;
    },
  };
}

/** The APIs of this origin (the launcher's nginx puts all five behind it). */
export function createApi(accessToken: AccessToken, baseUrl: string = window.location.origin): Api {
  const middleware = bearer(accessToken);
  function client<Paths extends object>(): Client<Paths> {
    const made = createClient<Paths>({ baseUrl });
    made.use(middleware);
    return made;
  }
  return {
    identity: client<IdentityPaths>(),
    schedule: client<SchedulePaths>(),
    journal: client<JournalPaths>(),
    notify: client<NotifyPaths>(),
    helpdesk: client<HelpdeskPaths>(),
  };
}

/** The data of a successful answer; an ApiError with the problem document otherwise. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.response.ok && result.data !== undefined) {
    return result.data;
  }
  throw new ApiError(toProblem(result.response.status, result.error));
}
