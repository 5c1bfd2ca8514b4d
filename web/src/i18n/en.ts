import type { Messages } from "./ru";

export const en: Messages = {
  app: { name: "Okrug", loading: "Loading…" },
  language: { label: "Interface language", ru: "Русский", en: "English" },
  auth: {
    signIn: "Sign in",
    signOut: "Sign out",
    signingIn: "Signing in…",
    signedOut: "You have signed out of Okrug.",
    signInAgain: "Sign in again",
    failed: "Sign-in failed: {{message}}",
    retry: "Try again",
    localIssuer:
      "This installation runs without Keycloak: identity issues the tokens itself and has no sign-in page for a browser. Start the platform with Keycloak to sign in to the web interface.",
  },
  schools: {
    chooseTitle: "Choose a school",
    chooseHint: "You work or study at several schools. Each school's data opens separately.",
    choose: "Work in this school",
    change: "Change school",
    current: "School",
    unnamed: "Unnamed school",
    none: "Your account belongs to no school.",
    district: "District office",
  },
  roles: {
    "district-admin": "District admin",
    "working-group-member": "Working group",
    "support-agent": "Support agent",
    director: "Director",
    "deputy-director": "Deputy director",
    "school-admin": "School admin",
    secretary: "Secretary",
    teacher: "Teacher",
    "class-teacher": "Class teacher",
    student: "Student",
    parent: "Parent",
  },
  areas: {
    menu: "Areas",
    notYet: "The screens of this area are not built yet: they come in the next releases.",
    planned: "What this area will hold",
    noArea: "Your roles at this school have no area yet.",
    teacher: {
      title: "Teacher",
      summary: "A teacher's lessons, journal and planning.",
      screens: [
        "Today's lessons: what is still to be entered and by when",
        "The journal of a class or group: marks and attendance by keyboard, topics and homework",
        "Lesson plans: upload, check against the curriculum, download",
        "Paper journal import with its report of rejected rows",
      ],
    },
    "class-teacher": {
      title: "Class teacher",
      summary: "The class, its attendance and summary sheets.",
      screens: [
        "The class's week of attendance with absence reasons",
        "Sick notes for a date range",
        "Students and parents, credential slips",
        "Summary sheets",
      ],
    },
    parent: {
      title: "Parent",
      summary: "Your children's diary and results.",
      screens: [
        "The diary week: timetable, topics, homework, marks, absences",
        "Marks per subject with averages",
        "Inbox",
        "The summary sheet as PDF",
      ],
    },
    student: {
      title: "Student",
      summary: "Your diary and marks.",
      screens: ["The diary week: timetable, topics, homework, marks", "Marks per subject with averages", "Inbox"],
    },
    school: {
      title: "School",
      summary: "School leadership and administration.",
      screens: [
        "People: accounts, roles, guardians, consents",
        "Classes and membership",
        "A class's timetable with conflicts, substitutions",
        "The journal policy",
        "Reports: attendance, results, completion, mark-change and read audits",
        "The school card and the activity report",
      ],
    },
    district: {
      title: "District",
      summary: "The district's schools, journal monitoring and support requests.",
      screens: ["The district's schools", "Journal monitoring", "The support request log"],
    },
  },
  errors: {
    title: "Something went wrong",
    api: "The service answered with an error: {{message}}",
    config: "The app's settings could not be loaded: {{message}}",
  },
};
