export * from './id-number';
export * from './phone';
export * from './person';
export * from './assessment';
export * from './text';
