// Subpath imports only (`@coffre/crypto/file`, `@coffre/crypto/envelope`, ...): a root import
// would pull every algorithm into every bundle and hide which primitives a caller relies on.
throw new Error('Import a subpath of @coffre/crypto, e.g. "@coffre/crypto/file"; the root has no exports.');
