/** What a file chosen in the desktop app's dialog is for: a grant made for one purpose cannot be spent on another. */
export const FILE_PURPOSES = ['backup-save', 'backup-open', 'bundle-save'] as const;
export type FilePurpose = (typeof FILE_PURPOSES)[number];
