/** JUnit XML test reports: a bounded, entity-free streaming reader. */
export * from './read.js';
