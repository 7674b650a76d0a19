// Subpath imports only, e.g. "@coffre/testing/chromium".
throw new Error('Import a subpath of @coffre/testing, e.g. "@coffre/testing/chromium".');
