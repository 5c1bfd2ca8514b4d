/** A person as Russian school documents write them where space is short: "Иванова М. П.". */
export function shortName(person: { last_name: string; first_name: string; middle_name?: string | null }): string {
  const initials = [person.first_name, person.middle_name ?? ""]
    .filter((part) => part.trim() !== "")
    .map((part) => `${part.trim().charAt(0).toUpperCase()}.`)
    .join(" ");
  return initials === "" ? person.last_name : `${person.last_name} ${initials}`;
}

/** Short names by person id; an unknown id shows as a dash. */
export function nameLookup(people: readonly { id: string; last_name: string; first_name: string; middle_name?: string | null }[] | undefined) {
  const names = new Map((people ?? []).map((person) => [person.id, shortName(person)]));
  return (id: string | null | undefined): string => (id == null ? "—" : (names.get(id) ?? "—"));
}
