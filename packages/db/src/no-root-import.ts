// Subpath imports only (`@coffre/db/client`, `@coffre/db/migrate`, ...): the root would drag the
// migration engine, PGlite and the socket server into every process that only wants a client.
throw new Error('Import a subpath of @coffre/db, e.g. "@coffre/db/client"; the root has no exports.');
