/** Messages of the cases screens (part of the one catalog, ./id.ts). */
export const cases = {} as const;
