/** The account commands' usage lines, shared by cli/main.ts's help and cli/admin.ts's errors. */
import { ROLES } from "@/lib/services/access/roles";

export const ADMIN_USAGE = `       mailposture token create --scope read|write [--name NAME] [--workspace NAME] [--expires-days N] [--data-dir DIR]
       mailposture user create --email E --name N [--workspace NAME] [--role ${ROLES.join("|")}] [--data-dir DIR]  (password: one line on stdin)
  token create           prints a new API token for /api/v1 alone on stdout; --workspace (created if missing)
                         defaults to the default workspace; no --expires-days: it never expires
  user create            creates an account; with --workspace also a membership (default role: editor)
  --data-dir DIR         the embedded database's data directory, as given to npm start (default .data/pg);
                         ignored when DATABASE_URL is set`;
