/**
 * Calendar, occasions and send timing for the care engine. lunar-birthday and festivals
 * load lunar-javascript (~430 kB), so the mini-program should import the file it needs
 * (e.g. '@dealer/shared/domain/calendar/send-window') rather than this index.
 */
export * from './lunar-birthday';
export * from './festivals';
export * from './holidays';
export * from './holiday-data';
export * from './send-window';
export * from './keyword-text';
export { clusters, codePointLength, truncateCodePoints, singleLine } from './code-points';
