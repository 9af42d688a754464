/** Conversion goals: the beacon's dedupe cookie, named once for viewer-request and the validation. */

/** `xg-<goal>`: present once a visitor's conversion for the goal was counted. */
export const goalCookieName = (goal: string): string => `xg-${goal}`;
