/** Roles of the people who use a station's Yiyang. The permission table lives with each contract method. */
export const ROLES = ['admin', 'assessor', 'manager'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Roles at the district hub (`yiyang hub serve`): its own accounts, never a station's. A
 * district role may call only what lists it, so no station page opens at the hub.
 */
export const DISTRICT_ROLES = ['districtAdmin', 'districtManager'] as const;
export type DistrictRole = (typeof DISTRICT_ROLES)[number];

/** Whoever may be signed in somewhere: at a station or at the hub. */
export type AnyRole = Role | DistrictRole;
export const ALL_ROLES = [...ROLES, ...DISTRICT_ROLES] as const;

export const ROLE_NAMES: Record<AnyRole, string> = {
  admin: '管理员',
  assessor: '评估员',
  manager: '管理人员',
  districtAdmin: '区县管理员',
  districtManager: '区县管理人员',
};

/**
 * Who may call a method: `public` needs no session (start-up, sign-in), `any` needs a
 * signed-in user of any role, otherwise the listed roles only.
 */
export type Access = 'public' | 'any' | readonly AnyRole[];
