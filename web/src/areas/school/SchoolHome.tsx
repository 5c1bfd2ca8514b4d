import { AreaHome } from "../AreaHome";

export function SchoolHome() {
  return <AreaHome area="school" />;
}
