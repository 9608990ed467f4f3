import pkg from '../../../package.json';

/** Name and version as released; read from package.json at build time. */
export const APP_META = {
  name: pkg.name,
  productName: pkg.productName,
  version: pkg.version,
} as const;
