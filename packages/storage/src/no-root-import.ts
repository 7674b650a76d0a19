// Subpath imports only (`@coffre/storage/replicated`, `@coffre/storage/fs`, ...): a root import would
// pull the S3 client into every consumer and hide which parts of the store a caller relies on.
throw new Error('Import a subpath of @coffre/storage, e.g. "@coffre/storage/replicated"; the root has no exports.');
