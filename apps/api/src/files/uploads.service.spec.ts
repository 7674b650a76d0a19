import { randomBytes } from 'node:crypto';
import { type ApiConfig } from '@coffre/config/api';
import { sealEnvelope } from '@coffre/crypto/envelope';
import { type FileVersion } from '@coffre/db/client';
import { beforeEach, describe, expect, it, type Mocked } from 'vitest';
import { appError, NOW } from '../../test/fixtures.js';
import { strictMock } from '../../test/strict-mock.js';
import { type NodeAccess, type NodeAccessService } from '../access/node-access.service.js';
import { type DriveQueues } from '../drive-jobs/drive-queues.js';
import { type FileVersionWithParts, type FileVersionsRepository } from './file-versions.repository.js';
import { UploadsService } from './uploads.service.js';

const OWNER = '6f1c0a52-3d4e-4b7a-9e21-0c5d8f3a7b90';
const FILE = '0d6f2b1e-9a4c-4c3b-8e7d-1f2a3b4c5d6e';
const UPLOAD = '2b8e4f10-7c3a-4d9e-8a61-5f0b2c7d1e43';
const MIB = 1024 * 1024;
const config = { drive: { maxPartBytes: 8 * MIB, uploadExpirySeconds: 3600, sweepIntervalSeconds: 60 } } as ApiConfig;
const hash = (n: number) => n.toString(16).padStart(64, '0');

function access(kind: 'file' | 'folder' = 'file'): NodeAccess {
  return { node: { id: FILE, kind } as never, ownerId: OWNER, role: 'owner', inTrash: false, underTrashedFolder: false };
}

function upload(overrides: Partial<FileVersion> = {}, held = [0, 1, 2]): FileVersionWithParts {
  const version: FileVersion = {
    id: UPLOAD,
    nodeId: FILE,
    number: 4,
    encryptedAs: 4,
    fileKeyWrap: new Uint8Array(0),
    ciphertextSize: BigInt(2 * MIB + 10),
    partSize: MIB,
    state: 'uploading',
    quotaBytes: BigInt(2 * MIB + 10),
    expiresAt: new Date(NOW.getTime() + 60_000),
    createdAt: NOW,
    committedAt: null,
    ...overrides,
  };
  return { ...version, parts: held.map((n) => ({ versionId: UPLOAD, n, objectId: hash(n), size: n === 2 ? 10 : MIB })) };
}

const listed = (held = [0, 1, 2]) => held.map((n) => ({ n, sha256: hash(n), size: n === 2 ? 10 : MIB }));
const fileKeyWrap = Buffer.from(sealEnvelope(new Uint8Array(32), 'file-key-wrap', { ownerId: OWNER, nodeId: FILE, version: 4 }, new Uint8Array(randomBytes(32)))).toString('base64url');

describe(UploadsService.name, () => {
  let sut: UploadsService;
  let nodes: Mocked<NodeAccessService>;
  let versions: Mocked<FileVersionsRepository>;
  let queues: Mocked<DriveQueues>;

  beforeEach(() => {
    nodes = strictMock<NodeAccessService>('NodeAccessService');
    versions = strictMock<FileVersionsRepository>('FileVersionsRepository');
    queues = strictMock<DriveQueues>('DriveQueues');
    sut = new UploadsService(nodes, versions, queues, config);
    nodes.requireWrite.mockResolvedValue(access());
  });

  describe('start', () => {
    it('reserves the size for the owner, with the configured expiry', async () => {
      versions.startUpload.mockResolvedValue({ kind: 'created', version: upload(), purged: [] });
      await expect(sut.start(OWNER, FILE, { ciphertextSize: 2 * MIB + 10, partSize: MIB }, NOW)).resolves.toMatchObject({ uploadId: UPLOAD, number: 4, partCount: 3, parts: [] });
      expect(versions.startUpload).toHaveBeenCalledWith({ nodeId: FILE, ownerId: OWNER, ciphertextSize: 2 * MIB + 10, partSize: MIB, expiresAt: new Date(NOW.getTime() + 3_600_000) });
    });

    it('answers QUOTA_EXCEEDED with what is left', async () => {
      versions.startUpload.mockResolvedValue({ kind: 'quota-exceeded', remainingBytes: 123 });
      await expect(sut.start(OWNER, FILE, { ciphertextSize: 500, partSize: MIB })).rejects.toEqual(
        expect.objectContaining({ code: 'QUOTA_EXCEEDED', details: { remainingBytes: 123 } }),
      );
    });

    it('refuses parts over the configured size and folders, before touching anything', async () => {
      await expect(sut.start(OWNER, FILE, { ciphertextSize: 500, partSize: 8 * MIB + 4096 })).rejects.toEqual(appError('VALIDATION_FAILED'));
      nodes.requireWrite.mockResolvedValue(access('folder'));
      await expect(sut.start(OWNER, FILE, { ciphertextSize: 500, partSize: MIB })).rejects.toEqual(appError('NOT_FOUND'));
      expect(versions.startUpload).not.toHaveBeenCalled();
    });
  });

  describe('complete', () => {
    it('commits when every part is held and listed, and queues what keep-N removed', async () => {
      versions.findVersion.mockResolvedValue(upload());
      versions.commitUpload.mockResolvedValue({ kind: 'committed', version: upload({ state: 'committed', committedAt: NOW }), purged: [hash(9)] });
      queues.enqueuePurges.mockResolvedValue();

      await expect(sut.complete(OWNER, UPLOAD, { fileKeyWrap, parts: listed() }, NOW)).resolves.toMatchObject({ number: 4, state: 'committed' });

      expect(versions.commitUpload).toHaveBeenCalledWith(expect.objectContaining({ uploadId: UPLOAD, nodeId: FILE, ownerId: OWNER, partCount: 3, now: NOW }));
      expect(queues.enqueuePurges).toHaveBeenCalledWith([hash(9)]);
    });

    it('names the missing parts, and commits nothing', async () => {
      versions.findVersion.mockResolvedValue(upload({}, [1]));
      await expect(sut.complete(OWNER, UPLOAD, { fileKeyWrap, parts: listed() }, NOW)).rejects.toEqual(
        expect.objectContaining({ code: 'UPLOAD_INCOMPLETE', details: { missing: [0, 2] } }),
      );
      expect(versions.commitUpload).not.toHaveBeenCalled();
    });

    it('refuses a list that is not exactly the parts held', async () => {
      versions.findVersion.mockResolvedValue(upload());
      for (const parts of [listed().slice(1), [...listed(), { n: 3, sha256: hash(3), size: 1 }], listed().map((part) => ({ ...part, size: part.size + 1 }))]) {
        await expect(sut.complete(OWNER, UPLOAD, { fileKeyWrap, parts }, NOW)).rejects.toEqual(appError('CONFLICT'));
      }
      expect(versions.commitUpload).not.toHaveBeenCalled();
    });

    it('answers a retry of a committed upload with the same version, and refuses another key for it', async () => {
      const committed = upload({ state: 'committed', fileKeyWrap: new Uint8Array(Buffer.from(fileKeyWrap, 'base64url')) });
      versions.findVersion.mockResolvedValue(committed);
      await expect(sut.complete(OWNER, UPLOAD, { fileKeyWrap, parts: listed() }, NOW)).resolves.toMatchObject({ state: 'committed' });
      const other = Buffer.from(sealEnvelope(new Uint8Array(32), 'file-key-wrap', { ownerId: OWNER, nodeId: FILE, version: 4 }, new Uint8Array(32))).toString('base64url');
      await expect(sut.complete(OWNER, UPLOAD, { fileKeyWrap: other, parts: listed() }, NOW)).rejects.toEqual(appError('CONFLICT'));
    });

    it('refuses an expired upload, and a file key wrap that is not one', async () => {
      versions.findVersion.mockResolvedValue(upload({ expiresAt: NOW }));
      await expect(sut.complete(OWNER, UPLOAD, { fileKeyWrap, parts: listed() }, NOW)).rejects.toEqual(appError('NOT_FOUND'));
      await expect(sut.complete(OWNER, UPLOAD, { fileKeyWrap: fileKeyWrap.slice(4), parts: listed() }, NOW)).rejects.toEqual(appError('VALIDATION_FAILED'));
    });
  });
});
