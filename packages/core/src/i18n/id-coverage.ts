/** Messages of the coverage screens (part of the one catalog, ./id.ts). */
export const coverage = {} as const;
