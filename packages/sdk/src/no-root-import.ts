// Subpath imports only (`@coffre/sdk/client`, `@coffre/sdk/errors`, ...): a root import would
// hide which parts of the SDK a caller relies on and pull all of them into every bundle.
throw new Error('Import a subpath of @coffre/sdk, e.g. "@coffre/sdk/client"; the root has no exports.');
