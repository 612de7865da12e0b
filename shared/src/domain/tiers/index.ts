/** Customer value tiers A/B/C/D (客户分级): pure engine, no I/O. */
export * from './settings';
export * from './inputs';
export * from './scoring';
export * from './grouping';
export * from './boundaries';
export * from './types';
export * from './assign';
export * from './movement';
export * from './explain';
