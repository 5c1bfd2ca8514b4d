import { useMemo } from "react";
import { useAuth } from "react-oidc-context";

import { currentLanguage } from "../i18n";
import { schoolScope, type SignInState } from "./userManager";

export interface Session {
  signIn(returnTo?: string): Promise<void>;
  chooseSchool(schoolId: string, returnTo?: string): Promise<void>;
  signOut(): Promise<void>;
}

/** Sign-in, school choice and sign-out, each a redirect to the issuer in the interface language. */
export function useSession(): Session {
  const auth = useAuth();
  return useMemo(() => ({
    async signIn(returnTo = "/") {
      const state: SignInState = { returnTo };
      await auth.signinRedirect({ state, ui_locales: currentLanguage() });
    },
    async chooseSchool(schoolId, returnTo = "/") {
      const state: SignInState = { returnTo };
      // A new authorization request for that school: the issuer's session signs it in
      // without asking for the password again.
      await auth.signinRedirect({ state, scope: schoolScope(schoolId), ui_locales: currentLanguage() });
    },
    async signOut() {
      await auth.signoutRedirect({ extraQueryParams: { ui_locales: currentLanguage() } });
    },
  }), [auth]);
}
