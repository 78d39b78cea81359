/** Messages of the enrolment screens (part of the one catalog, ./id.ts). */
export const enrolment = {} as const;
