/** Messages of the approval screens (part of the one catalog, ./id.ts). */
export const approval = {} as const;
