import pkg from '../../package.json' with { type: 'json' };

/** reachdiff's version, as package.json gives it (and npm publishes it). */
export const VERSION: string = pkg.version;
