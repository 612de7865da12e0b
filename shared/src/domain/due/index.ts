/** Due dates of service reminders (到期): pure engine, no I/O. Rules in docs/reminders.md. */
export * from './settings';
export * from './types';
export * from './odometer';
export * from './projection';
export * from './maintenance';
export * from './renewals';
export * from './coverage-end';
export * from './engine';
export * from './explain';
