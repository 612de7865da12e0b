/** Pure domain helpers shared by the server and the mini-program (no Node APIs). */
export * from './text';
export * from './mobile';
export * from './plate';
export * from './vin';
export * from './dates';
export * from './amounts';
export * from './categories';
export * from './vehicle-cover';
