/**
 * Joining through an invitation with a new account. Open sign-up does not exist, so the link is
 * checked before the account is made: an expired or used link must not become a way to register.
 */
import { getDb, type Db } from "@/lib/db/client";
import type { Role } from "@/lib/services/access/roles";
import { createAccount } from "@/lib/services/auth/accounts";
import type { Auth } from "@/lib/services/auth/create-auth";
import { NotFoundError } from "@/lib/services/errors";
import { acceptInvitation, INVITATION_UNUSABLE, readInvitation } from "./invitations";

export async function joinWithNewAccount(
  auth: Auth,
  token: string,
  account: unknown,
  opts: { headers?: Headers } = {},
  db: Db = getDb(),
): Promise<{ userId: string; workspaceId: string; workspaceName: string; role: Role }> {
  const invitation = await readInvitation(token, db);
  if (invitation?.state !== "pending") throw new NotFoundError(INVITATION_UNUSABLE);
  const { userId } = await createAccount(auth, db, account, opts);
  // Between the check and here someone else may have used the link: the account then exists
  // without this workspace, and its owner lands on the no-workspace page, signed in.
  return { userId, ...(await acceptInvitation(token, userId, db)) };
}
