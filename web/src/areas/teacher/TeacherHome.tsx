import { AreaHome } from "../AreaHome";

export function TeacherHome() {
  return <AreaHome area="teacher" />;
}
