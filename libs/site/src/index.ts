export * from './layout/as-of';
export * from './layout/dates';
export * from './layout/not-found-page';
export * from './layout/public-page';
export * from './layout/site-settings';
export * from './layout/validators';
export { registerSite } from './layout/view-engine';
export * from './public-view/public-actor';
export * from './site.module';
