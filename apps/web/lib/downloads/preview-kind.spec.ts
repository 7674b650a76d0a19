import { describe, expect, it } from 'vitest';
import { previewKind, previewMediaType } from './preview-kind.ts';

describe('previewKind', () => {
  it('follows the signed media type', () => {
    expect(previewKind({ name: 'x', mediaType: 'audio/webm' })).toBe('audio');
    expect(previewKind({ name: 'x', mediaType: 'video/mp4' })).toBe('video');
    expect(previewKind({ name: 'x', mediaType: 'image/jpeg' })).toBe('image');
    expect(previewKind({ name: 'x', mediaType: 'application/pdf' })).toBe('pdf');
    expect(previewKind({ name: 'x', mediaType: 'text/html' })).toBe('text');
  });

  it('guesses from the name when the type is missing or generic', () => {
    expect(previewMediaType({ name: 'song.MP3', mediaType: null })).toBe('audio/mpeg');
    expect(previewKind({ name: 'notes.md', mediaType: 'application/octet-stream' })).toBe('text');
  });

  it('has no preview for what cannot be shown safely', () => {
    expect(previewKind({ name: 'logo.svg', mediaType: 'image/svg+xml' })).toBeNull();
    expect(previewKind({ name: 'archive.zip', mediaType: null })).toBeNull();
  });
});
