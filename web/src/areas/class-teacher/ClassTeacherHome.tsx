import { AreaHome } from "../AreaHome";

export function ClassTeacherHome() {
  return <AreaHome area="class-teacher" />;
}
