export * from './api/common';
export * from './api/dealerships';
export * from './api/staff';
export * from './api/bindings';
export * from './api/customers';
export * from './api/classes';
export * from './api/imports';
