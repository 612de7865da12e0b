export * from './api/common';
export * from './api/dealerships';
export * from './api/staff';
