import type { RouteObject } from "react-router";

/** The request log's routes in an area (`helpdesk/...`): the list, a new request (the
 * school's own, or a call the district's desk logs) and one request. */
export function helpdeskRoutes(viewer: "school" | "district"): RouteObject {
  return {
    path: "helpdesk",
    children: [
      viewer === "district"
        ? { index: true, lazy: async () => ({ Component: (await import("./DistrictRequestsPage")).DistrictRequestsPage }) }
        : { index: true, lazy: async () => ({ Component: (await import("./SchoolRequestsPage")).SchoolRequestsPage }) },
      viewer === "district"
        ? { path: "new", lazy: async () => ({ Component: (await import("./LogCallPage")).LogCallPage }) }
        : { path: "new", lazy: async () => ({ Component: (await import("./NewRequestPage")).NewRequestPage }) },
      {
        path: ":requestId",
        lazy: async () => {
          const { RequestPage } = await import("./RequestPage");
          return { Component: () => <RequestPage viewer={viewer} /> };
        },
      },
    ],
  };
}
