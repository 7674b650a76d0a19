// Subpath imports only (`@coffre/ui/shell`, `@coffre/ui/button`): each app pulls in the
// components it renders and nothing else.
throw new Error('Import a subpath of @coffre/ui, e.g. "@coffre/ui/shell"; the root has no exports.');
