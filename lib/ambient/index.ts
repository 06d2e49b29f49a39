export * from './waypoint';
export * from './use-waypoint';
