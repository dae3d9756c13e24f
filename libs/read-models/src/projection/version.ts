/**
 * Version of the read-model projection code. Bump it in the change that alters what the projections write
 * for a given log (a new column, a fixed fold, another event type): on deploy, `keel projections rebuild
 * --changed` then rebuilds the read models blue/green. Migration 0005 records 1 as the version the live
 * tables were built with.
 */
export const READ_MODELS_VERSION = 1;
