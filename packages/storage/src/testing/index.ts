// `@coffre/storage/testing`: a real S3 endpoint on loopback for tests (s3rver, a dev dependency:
// import this subpath from tests only).
export { type S3TestServer, createBucket, startS3Server } from './s3-server.js';
