/** Roles of the people who use Yiyang. The permission table lives with each contract method. */
export const ROLES = ['admin', 'assessor', 'manager'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, string> = {
  admin: '管理员',
  assessor: '评估员',
  manager: '管理人员',
};

/**
 * Who may call a method: `public` needs no session (start-up, sign-in), `any` needs a
 * signed-in user of any role, otherwise the listed roles only.
 */
export type Access = 'public' | 'any' | readonly Role[];
