/** See huge-pages.js: on Linux, runs this command again with glibc's malloc huge pages. */
export function restartWithHugePages(): Promise<void>
