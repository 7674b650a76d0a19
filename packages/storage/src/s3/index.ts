// `@coffre/storage/s3`: objects in a bucket of any S3-compatible service.
export { S3Backend, type S3BackendOptions } from './s3-backend.js';
export { type S3ConnectionSettings, createS3Client } from './s3-client.js';
