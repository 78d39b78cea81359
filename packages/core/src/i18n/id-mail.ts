/** Messages of the mail screens (part of the one catalog, ./id.ts). */
export const mail = {} as const;
