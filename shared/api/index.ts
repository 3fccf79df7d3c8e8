export * from './errors';
export * from './channel';
export * from './contract';
export * from './events';
export * from './client';
export * from './dispatcher';
export * from './transport-protocol';
