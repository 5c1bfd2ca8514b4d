import { AreaHome } from "../AreaHome";

export function StudentHome() {
  return <AreaHome area="student" />;
}
