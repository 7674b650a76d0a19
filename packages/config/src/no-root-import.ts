// Subpath imports only (`@coffre/config/api`, `@coffre/config/web`): each app loads its own
// schema, and the browser bundle of a web app must never pull in the server's settings.
throw new Error('Import a subpath of @coffre/config, e.g. "@coffre/config/api"; the root has no exports.');
