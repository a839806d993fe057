/** Emails compare case-insensitively and without surrounding blanks: stored and looked up in this form. */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();
