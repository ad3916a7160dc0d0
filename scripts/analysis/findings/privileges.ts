// Who may do what, from the grants in the model: as has_table_privilege / has_function_privilege
// answer it (grants to the role, to PUBLIC, and to roles it inherits from).
import type { Catalog, Privilege } from '../../model/types.ts';

/** The roles Supabase's API runs requests as. */
export const API_ROLES = ['anon', 'authenticated'] as const;

export class Privileges {
  private readonly inherited = new Map<string, Set<string>>();

  constructor(private readonly catalog: Catalog) {}

  /** The grantees whose grants apply to `role`: itself, public, and the roles it inherits from. */
  private granteesOf(role: string): Set<string> {
    const cached = this.inherited.get(role);
    if (cached) return cached;
    const grantees = new Set<string>(['public', role]);
    const pending = [role];
    while (pending.length > 0) {
      const name = pending.pop();
      const current = this.catalog.roles.find((candidate) => candidate.name === name);
      if (!current || !current.inherit) continue;
      for (const parent of current.memberOf) {
        if (!grantees.has(parent)) {
          grantees.add(parent);
          pending.push(parent);
        }
      }
    }
    this.inherited.set(role, grantees);
    return grantees;
  }

  /** Whether `role` holds `privilege` on an object with these grants (a column grant counts for SELECT, INSERT, UPDATE). */
  has(privileges: Privilege[], role: string, privilege: string): boolean {
    const grantees = this.granteesOf(role);
    return privileges.some(
      (grant) =>
        grantees.has(grant.grantee) &&
        (grant.privileges.includes(privilege) || (grant.columns ?? []).some((column) => column.privileges.includes(privilege))),
    );
  }

  /** The API roles (anon, authenticated) that hold `privilege`. */
  apiRolesWith(privileges: Privilege[], privilege: string): string[] {
    return API_ROLES.filter((role) => this.has(privileges, role, privilege));
  }

  /** The table privileges among SELECT, INSERT, UPDATE, DELETE that any API role holds. */
  apiTablePrivileges(privileges: Privilege[]): string[] {
    return ['SELECT', 'INSERT', 'UPDATE', 'DELETE'].filter((privilege) => this.apiRolesWith(privileges, privilege).length > 0);
  }
}
