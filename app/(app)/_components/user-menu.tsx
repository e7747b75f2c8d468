import Link from "next/link";
import { signOutAction } from "@/app/_auth/actions";

/** Who is signed in, with their role here, the account page and sign-out (kills the session). */
export function UserMenu({ name, email, role }: { name: string; email: string; role: string }) {
  return (
    <div className="ml-auto flex items-center gap-3 text-sm">
      <Link href="/account" className="text-blue-700 hover:underline" title={email}>
        {name} <span className="text-slate-600">({role})</span>
      </Link>
      <form action={signOutAction}>
        <button type="submit" className="text-blue-700 hover:underline">
          Sign out
        </button>
      </form>
    </div>
  );
}
