import { describe, expect, it } from 'vitest';
import { fetchImageUrl, imageUrlName } from './fetch-image-url.ts';

/** A fetch that answers CORS requests and no-cors requests as a given host would. */
function host(behaviour: { cors: 'ok' | 'refused' | 'down' | 404 }): typeof fetch {
  return (async (_url: RequestInfo | URL, init?: RequestInit) => {
    if (behaviour.cors === 'down') throw new TypeError('Failed to fetch');
    if (init?.mode === 'cors' && behaviour.cors === 'refused') throw new TypeError('Failed to fetch');
    if (behaviour.cors === 404) return new Response('no', { status: 404, statusText: 'Not Found' });
    return new Response(new Blob([new Uint8Array([0xff, 0xd8])], { type: 'image/jpeg' }));
  }) as typeof fetch;
}

describe('fetchImageUrl', () => {
  const url = 'https://pictures.example.org/cats/tabby.jpg';
  it('returns the bytes when the host allows CORS', async () => {
    expect((await fetchImageUrl(url, host({ cors: 'ok' }))).size).toBe(2);
  });
  it('says the host does not share its pictures when only a no-cors request goes through', async () => {
    await expect(fetchImageUrl(url, host({ cors: 'refused' }))).rejects.toThrow(/pictures\.example\.org does not let other sites use its pictures/);
  });
  it('says the host cannot be reached when nothing goes through', async () => {
    await expect(fetchImageUrl(url, host({ cors: 'down' }))).rejects.toThrow('Could not reach pictures.example.org');
  });
  it('names the HTTP status', async () => {
    await expect(fetchImageUrl(url, host({ cors: 404 }))).rejects.toThrow('pictures.example.org answered 404 Not Found for the picture.');
  });
  it('names a picture by its host and file', () => {
    expect(imageUrlName('https://a.org/x/my%20cat.png?s=1')).toBe('a.org: my cat.png');
    expect(imageUrlName('https://a.org/')).toBe('a.org');
  });
});
