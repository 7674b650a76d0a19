import { type FastifyInstance, errorCodes } from 'fastify';

/**
 * Lets `application/octet-stream` bodies through as the raw request stream, unread: part uploads
 * stream each part into storage without buffering it, so the API's memory stays flat whatever the
 * part size. Fastify enforces no body limit on a parser that does not read, so the declared length
 * is checked here against `maxBytes` (413 PAYLOAD_TOO_LARGE), and the route counts the bytes it
 * actually reads against the exact part size.
 */
export function acceptOctetStreams(fastify: FastifyInstance, maxBytes: number): void {
  fastify.addContentTypeParser('application/octet-stream', (request, payload, done) => {
    const declared = Number(request.headers['content-length']);
    if (declared > maxBytes) {
      done(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE(), undefined);
      return;
    }
    done(null, payload);
  });
}
