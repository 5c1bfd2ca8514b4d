import { AreaHome } from "../AreaHome";

export function ParentHome() {
  return <AreaHome area="parent" />;
}
